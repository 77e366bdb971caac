// zod row schemas generated from the tab definitions: cell values in, typed and normalized values out.
import { z } from 'zod';
import type { ColumnDef, TabDef } from '../../../sheets-templates/index.js';
import { values } from '../../../sheets-templates/index.js';
import { cellChoice, cellChoices, cellDate, cellDateTime, foldId, isBlank, readNumber } from './cells.js';
import { problemsFromZod, type Problem } from './problems.js';

/** A typed row value: text, number, or a list of choices. */
export type RowValue = string | number | readonly string[] | undefined;
export type TypedRow = Readonly<Record<string, RowValue>>;

const blankToUndefined = (cell: unknown): unknown => (isBlank(cell) ? undefined : cell);

/**
 * A number cell: readNumber's value, or its refusal as a custom issue (so "85%" says "type 85" rather
 * than "not a number"); other text reaches z.number() unchanged, which reports it.
 */
export function numberSchema(type: { readonly min: number; readonly max: number; readonly percent?: true }, integer: boolean): z.ZodType {
  const number = integer ? z.number().int() : z.number();
  return z.preprocess((cell, ctx) => {
    const read = readNumber(cell, { percent: type.percent === true });
    if (read.ok) return read.value;
    if (read.refusal !== undefined) {
      const { rule, ...params } = read.refusal;
      ctx.addIssue({ code: 'custom', message: rule, params: { rule, ...params }, input: cell });
    }
    return cell;
  }, number.min(type.min).max(type.max));
}

/** The schema of one column's value, before required/optional is applied. */
function columnValueSchema(column: ColumnDef, zone: string): z.ZodType {
  const type = column.type;
  switch (type.kind) {
    case 'text': {
      const fold = type.identifier === true ? foldId : (text: string) => text;
      return z.preprocess(
        (cell) => (typeof cell === 'number' || typeof cell === 'boolean' ? String(cell) : typeof cell === 'string' ? fold(cell) : cell),
        z.string().trim().min(1).max(type.maxLength),
      );
    }
    case 'email':
      return z.preprocess((cell) => (typeof cell === 'string' ? cell.trim() : cell), z.email());
    case 'integer':
      return numberSchema(type, true);
    case 'number':
      return numberSchema(type, false);
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

/** A column's verdict on one cell value. */
type Verdict = { readonly ok: true; readonly value: RowValue } | { readonly ok: false; readonly problems: readonly Problem[] };

interface ColumnParser {
  readonly key: string;
  readonly parse: (cell: unknown) => Verdict;
}

/** Distinct cell values remembered per column; sheets repeat ids, dates, choices and scores endlessly. */
const MEMO_LIMIT = 50_000;

function columnParser(column: ColumnDef, zone: string): ColumnParser {
  const schema = columnSchema(column, zone);
  const type = column.type;
  // A message states the whole allowed range, not only the end that was crossed.
  const range = type.kind === 'number' || type.kind === 'integer' ? { min: type.min, max: type.max } : undefined;
  const run = (cell: unknown): Verdict => {
    const result = schema.safeParse(cell, { reportInput: true });
    if (result.success) return { ok: true, value: result.data as RowValue };
    const problems = problemsFromZod(result.error.issues, column.key).map((problem) =>
      problem.rule === 'out_of_range' && range ? { ...problem, params: range } : problem,
    );
    return { ok: false, problems };
  };
  // zod stays the only judge; the memo only avoids asking it twice about the same primitive value.
  const memo = new Map<unknown, Verdict>();
  const parse = (cell: unknown): Verdict => {
    if (cell !== null && typeof cell === 'object') return run(cell);
    const known = memo.get(cell);
    if (known) return known;
    const verdict = run(cell);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(cell, verdict);
    return verdict;
  };
  return { key: column.key, parse };
}

const cache = new Map<string, readonly ColumnParser[]>();

/** The per-column parsers of a tab, in template order. */
function columnParsers(tab: TabDef, zone: string): readonly ColumnParser[] {
  const cacheKey = `${tab.name}\u0000${zone}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const parsers = tab.columns.map((column) => columnParser(column, zone));
  cache.set(cacheKey, parsers);
  return parsers;
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
  for (const parser of columnParsers(tab, zone)) {
    const verdict = parser.parse(cells[parser.key]);
    if (!verdict.ok) problems.push(...verdict.problems);
    else if (verdict.value !== undefined) values[parser.key] = verdict.value;
  }
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
