// zod row schemas generated from the tab definitions: cell values in, typed and normalized values out.
import { z } from 'zod';
import type { ColumnDef, TabDef } from '../../../sheets-templates/index.js';
import { values } from '../../../sheets-templates/index.js';
import { cellChoice, cellChoices, cellDate, cellDateTime, cellNumber, cellText, isBlank } from './cells.js';
import { problemsFromZod, type Problem } from './problems.js';

/** A typed row value: text, number, or a list of choices. */
export type RowValue = string | number | readonly string[] | undefined;
export type TypedRow = Readonly<Record<string, RowValue>>;

const blankToUndefined = (cell: unknown): unknown => (isBlank(cell) ? undefined : cell);

/** The schema of one column's value, before required/optional is applied. */
function columnValueSchema(column: ColumnDef, zone: string): z.ZodType {
  const type = column.type;
  switch (type.kind) {
    case 'text':
      return z.preprocess((cell) => (typeof cell === 'number' || typeof cell === 'boolean' ? String(cell) : cell), z.string().trim().min(1).max(type.maxLength));
    case 'email':
      return z.preprocess((cell) => (typeof cell === 'string' ? cell.trim() : cell), z.email());
    case 'integer':
      return z.preprocess(cellNumber, z.number().int().min(type.min).max(type.max));
    case 'number':
      return z.preprocess(cellNumber, z.number().min(type.min).max(type.max));
    case 'date':
      return z.preprocess(cellDate, z.iso.date());
    case 'datetime':
      return z.preprocess((cell) => cellDateTime(cell, zone), z.iso.datetime({ offset: true }));
    case 'choice':
      return z.preprocess((cell) => cellChoice(cell, type.choices), z.enum(values(type.choices) as [string, ...string[]]));
    case 'choices':
      return z.preprocess(
        (cell) => cellChoices(cell, type.choices),
        z.array(z.enum(values(type.choices) as [string, ...string[]])).min(column.required ? 1 : 0),
      );
  }
}

function columnSchema(column: ColumnDef, zone: string): z.ZodType {
  const schema = columnValueSchema(column, zone);
  if (column.required) return z.preprocess(blankToUndefined, schema);
  return z.preprocess(blankToUndefined, schema.optional());
}

const cache = new Map<string, readonly (readonly [string, z.ZodType])[]>();

/** The per-column schemas of a tab, in template order. */
export function columnSchemas(tab: TabDef, zone: string): readonly (readonly [string, z.ZodType])[] {
  const cacheKey = `${tab.name}\u0000${zone}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const schemas = tab.columns.map((column) => [column.key, columnSchema(column, zone)] as const);
  cache.set(cacheKey, schemas);
  return schemas;
}

export interface RowParse {
  /** Values of the columns that validated; a column with a problem is absent. */
  readonly values: TypedRow;
  readonly problems: readonly Problem[];
}

/** Validate each column of a row; the columns that are fine are returned even when others are not. */
export function parseColumns(tab: TabDef, cells: Readonly<Record<string, unknown>>, zone: string): RowParse {
  const values: Record<string, RowValue> = {};
  const problems: Problem[] = [];
  columnSchemas(tab, zone).forEach(([key, schema], i) => {
    const result = schema.safeParse(cells[key], { reportInput: true });
    if (result.success) {
      if (result.data !== undefined) values[key] = result.data as RowValue;
      return;
    }
    const type = tab.columns[i]?.type;
    for (const problem of problemsFromZod(result.error.issues, key)) {
      // A message states the whole allowed range, not only the end that was crossed.
      const range = type && (type.kind === 'number' || type.kind === 'integer') ? { min: type.min, max: type.max } : undefined;
      problems.push(problem.rule === 'out_of_range' && range ? { ...problem, params: range } : problem);
    }
  });
  return { values, problems };
}

export type RowResult = { readonly ok: true; readonly row: TypedRow } | { readonly ok: false; readonly problems: readonly Problem[] };

/** Validate one row of cells against its tab; problems are data, rendered elsewhere. */
export function parseRow(tab: TabDef, cells: Readonly<Record<string, unknown>>, zone: string): RowResult {
  const { values, problems } = parseColumns(tab, cells, zone);
  return problems.length === 0 ? { ok: true, row: values } : { ok: false, problems };
}

/** Cell value of a typed row value for writing: lists become comma-separated text. */
export function toCell(value: RowValue): string | number | null {
  if (value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  return value.join(',');
}

/** Text of any row value, for messages and raw dumps. */
export function rowValueText(value: RowValue): string {
  return value === undefined ? '' : Array.isArray(value) ? value.join(',') : cellText(value);
}
