// The values endpoints of the Sheets fake: ranges resolved by its own A1 parser, and append's table detection as Google documents it.
import { InvalidRequest } from '../http-fake.js';
import { formatRange, parseCells, parseRange } from './a1.js';
import { inputCell, rendered, type FakeSheet, type FakeSpreadsheet } from './model.js';

type Json = Record<string, unknown>;

/** The cells of a range: the sheet and 0-based inclusive bounds, clipped to the grid. */
export interface CellRange {
  readonly sheet: FakeSheet;
  readonly r0: number;
  readonly c0: number;
  readonly r1: number;
  readonly c1: number;
}

/** Resolve A1 text on a spreadsheet; an unknown tab or a malformed range is Google's 400 "Unable to parse range". */
export function resolve(text: string, spreadsheet: FakeSpreadsheet): CellRange {
  const parsed = parseRange(text);
  let sheet = parsed && spreadsheet.sheets.find((candidate) => candidate.title === parsed.title);
  let bounds = parsed;
  // A bare "A1:C9" names cells of the first sheet, unless a sheet has that very name.
  const cellsOnly = !text.includes('!') && !text.startsWith("'") ? parseCells(text) : undefined;
  if (!sheet && cellsOnly) {
    sheet = spreadsheet.sheets[0];
    bounds = { title: undefined, ...cellsOnly };
  }
  if (!sheet || !bounds) throw new InvalidRequest(`Unable to parse range: ${text}`);
  return {
    sheet,
    r0: bounds.r0,
    c0: bounds.c0,
    r1: Math.min(bounds.r1 ?? sheet.rowCount, sheet.rowCount) - 1,
    c1: Math.min(bounds.c1 ?? sheet.columnCount, sheet.columnCount) - 1,
  };
}

export function a1Of(range: CellRange): string {
  return formatRange(range.sheet.title, range.r0, range.c0, range.r1, range.c1);
}

/** Rows of a range as the values API gives them: trailing blank rows and cells left out, blanks inside as "". */
export function readValues(range: CellRange, render: string): unknown[][] {
  const rows: unknown[][] = [];
  for (let r = range.r0; r <= range.r1; r += 1) {
    const row: unknown[] = [];
    for (let c = range.c0; c <= range.c1; c += 1) {
      const value = range.sheet.value(r, c);
      row.push(value === null ? '' : rendered(value, render));
    }
    while (row.length > 0 && row[row.length - 1] === '') row.pop();
    rows.push(row);
  }
  while (rows.length > 0 && (rows[rows.length - 1] ?? []).length === 0) rows.pop();
  return rows;
}

export function valueRange(range: CellRange, render: string): Json {
  const values = readValues(range, render);
  return { range: a1Of(range), majorDimension: 'ROWS', ...(values.length > 0 ? { values } : {}) };
}

export function inputOption(value: unknown): string {
  if (value !== 'RAW' && value !== 'USER_ENTERED') throw new InvalidRequest("'valueInputOption' is required but not specified");
  return value;
}

export function rowsOf(values: unknown): unknown[][] {
  if (values === undefined) return [];
  if (!Array.isArray(values) || !values.every(Array.isArray)) throw new InvalidRequest('values must be an array of rows');
  return values as unknown[][];
}

/** Check that `values` fit the grid from the range's top-left cell. */
export function checkFits(range: CellRange, values: readonly unknown[][], text: string): void {
  const width = Math.max(0, ...values.map((row) => row.length));
  if (range.r0 + values.length > range.sheet.rowCount || range.c0 + width > range.sheet.columnCount) {
    throw new InvalidRequest(
      `Range (${text}) exceeds grid limits. Max rows: ${range.sheet.rowCount}, max columns: ${range.sheet.columnCount}`,
    );
  }
}

/** Write values from the range's top-left cell; the grid must hold them. */
export function writeValues(range: CellRange, values: readonly unknown[][], input: string, text: string): Json {
  checkFits(range, values, text);
  values.forEach((row, i) =>
    row.forEach((value, j) => {
      const cell = inputCell(value, input);
      if (cell !== undefined) range.sheet.setValue(range.r0 + i, range.c0 + j, cell);
    }),
  );
  const width = Math.max(0, ...values.map((row) => row.length));
  return {
    updatedRange: formatRange(
      range.sheet.title,
      range.r0,
      range.c0,
      range.r0 + Math.max(values.length, 1) - 1,
      range.c0 + Math.max(width, 1) - 1,
    ),
    updatedRows: values.length,
    updatedColumns: width,
    updatedCells: values.reduce((sum, row) => sum + row.length, 0),
  };
}

/** A table values.append found: 0-based inclusive rows and its first and last column. */
export interface DetectedTable {
  readonly r0: number;
  readonly r1: number;
  readonly c0: number;
  readonly c1: number;
}

/**
 * Google's documented rule: the range is searched for tables (runs of rows with a value in the range's
 * columns, a fully blank row ending one) and values go after the LAST table found, starting at THAT table's
 * first column. So a note typed in column B below a blank row is the last table, and an append lands in B.
 * A table that starts in the range runs on below it (appending to `Tab!A1` goes after the table at A1).
 */
export function detectTable(range: CellRange): DetectedTable | undefined {
  let table: DetectedTable | undefined;
  let start: number | undefined;
  const last = range.sheet.rows.length - 1;
  for (let r = range.r0; r <= last + 1; r += 1) {
    const data = r <= last && range.sheet.rowHasData(r, range.c0, range.c1);
    if (data && start === undefined) {
      if (r > range.r1) break;
      start = r;
    }
    if (!data && start !== undefined) {
      table = { r0: start, r1: r - 1, ...columnsOf(range, start, r - 1) };
      start = undefined;
    }
  }
  return table;
}

function columnsOf(range: CellRange, r0: number, r1: number): { c0: number; c1: number } {
  let c0 = range.c1;
  let c1 = range.c0;
  for (let r = r0; r <= r1; r += 1) {
    for (let c = range.c0; c <= range.c1; c += 1) {
      if (range.sheet.value(r, c) === null) continue;
      c0 = Math.min(c0, c);
      c1 = Math.max(c1, c);
    }
  }
  return { c0, c1 };
}
