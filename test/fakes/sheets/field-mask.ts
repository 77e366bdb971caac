// Field masks as the Sheets API reads them: partial responses (`fields=sheets.properties(title)`) and the fields a write sets.
import { InvalidRequest } from '../http-fake.js';

type Mask = Map<string, Mask | true>;

/** Parse a partial-response mask such as `a,b(c,d.e),f/g` into a tree. */
export function parseFieldMask(text: string): Mask {
  let at = 0;
  const list = (): Mask => {
    const mask: Mask = new Map();
    for (;;) {
      let name = '';
      while (at < text.length && !',()'.includes(text[at] ?? '')) name += text[at++];
      const path = name
        .trim()
        .split(/[./]/)
        .filter((part) => part !== '');
      let leaf: Mask | true = true;
      if (text[at] === '(') {
        at += 1;
        leaf = list();
        at += 1; // ')'
      }
      if (path.length > 0) insert(mask, path, leaf);
      if (text[at] === ',') {
        at += 1;
        continue;
      }
      return mask;
    }
  };
  return list();
}

function insert(mask: Mask, path: readonly string[], leaf: Mask | true): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const existing = mask.get(head);
  if (rest.length === 0) {
    if (leaf === true || existing === true) mask.set(head, true);
    else if (existing === undefined) mask.set(head, leaf);
    else for (const [key, value] of leaf) insert(existing, [key], value);
    return;
  }
  if (existing === true) return;
  const child = existing ?? new Map<string, Mask | true>();
  mask.set(head, child);
  insert(child, rest, leaf);
}

/** `value` with only the fields the mask names, as an answer to a call with `fields=…`. */
export function project(value: unknown, mask: Mask | true): unknown {
  if (mask === true || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((entry) => project(entry, mask));
  const result: Record<string, unknown> = {};
  for (const [key, sub] of mask) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined) result[key] = project(field, sub);
  }
  return result;
}

/** Field paths of a write's `fields` argument ("*" = every field of the object given). */
export function fieldPaths(fields: unknown): string[] {
  if (typeof fields !== 'string' || fields.trim() === '') throw new InvalidRequest('fields is required');
  return fields.split(',').map((field) => field.trim());
}

function getPath(source: unknown, path: readonly string[]): unknown {
  let value = source;
  for (const part of path) value = value === null || typeof value !== 'object' ? undefined : (value as Record<string, unknown>)[part];
  return value;
}

/**
 * `target` with the named fields copied from `source`; a field the source lacks is cleared, as the API
 * does. Stored objects are never changed in place (the path to a field is copied), so a snapshot of a
 * sheet only copies its rows, and one value can be shared by every cell of a range.
 */
export function withFields<T extends object>(target: T, source: object, fields: unknown): T {
  let result = { ...target } as Record<string, unknown>;
  for (const field of fieldPaths(fields)) {
    if (field === '*') {
      result = { ...source };
      continue;
    }
    const path = field.split('.');
    const set = (node: Record<string, unknown>, depth: number): Record<string, unknown> => {
      const key = path[depth] ?? '';
      const copy = { ...node };
      if (depth === path.length - 1) {
        const value = getPath(source, path);
        if (value === undefined || value === null) delete copy[key];
        else copy[key] = value;
        return copy;
      }
      const child = node[key];
      copy[key] = set(child !== null && typeof child === 'object' ? (child as Record<string, unknown>) : {}, depth + 1);
      return copy;
    };
    result = set(result, 0);
  }
  return result as T;
}
