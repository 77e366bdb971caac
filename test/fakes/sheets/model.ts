// What the Sheets fake stores: spreadsheets of sheets whose cells are the API's CellData, and the values the values API sees in them.
import type { sheets_v4 } from '@googleapis/sheets';
import { InvalidRequest } from '../http-fake.js';

export type CellData = sheets_v4.Schema$CellData;

/** A cell's value as a person typed it: text, a number, a boolean, or a formula. */
export type FakeCell = string | number | boolean | { readonly formula: string };

/** What a formula cell reads back as, except with valueRenderOption=FORMULA: the fake does not evaluate formulas. */
export const FORMULA_PLACEHOLDER = '#FORMULA';

export const DEFAULT_ROWS = 1000;
export const DEFAULT_COLUMNS = 26;

type Properties = sheets_v4.Schema$SheetProperties & {
  sheetId: number;
  title: string;
  index: number;
  gridProperties: sheets_v4.Schema$GridProperties & { rowCount: number; columnCount: number };
};

const clone = <T>(value: T): T => structuredClone(value);

/** A cell with nothing left in it (empty objects a cleared field leaves count as nothing). */
function prune(cell: CellData | undefined): CellData | undefined {
  if (cell === undefined) return undefined;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(cell) as [string, unknown][]) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'object' && Object.keys(value).length === 0) continue;
    kept[key] = value;
  }
  return Object.keys(kept).length === 0 ? undefined : kept;
}

/** One sheet (tab): properties, cells row by row, and what provisioning decorates it with. */
export class FakeSheet {
  properties: Properties;
  /** Row-major, 0-based; missing rows and cells are empty. Rows are shared with copies until written. */
  rows: (CellData | undefined)[][];
  columnWidths: Map<number, number>;
  protectedRanges: sheets_v4.Schema$ProtectedRange[];
  conditionalFormats: sheets_v4.Schema$ConditionalFormatRule[];
  charts: sheets_v4.Schema$EmbeddedChart[];
  basicFilter: sheets_v4.Schema$BasicFilter | undefined;
  /** Rows this copy may change in place: the others are shared with the sheet it was copied from. */
  private owned = new WeakSet<object>();

  constructor(properties: sheets_v4.Schema$SheetProperties & { sheetId: number; title: string; index: number }) {
    this.properties = {
      ...clone(properties),
      sheetType: 'GRID',
      gridProperties: { rowCount: DEFAULT_ROWS, columnCount: DEFAULT_COLUMNS, ...clone(properties.gridProperties ?? {}) },
    } as Properties;
    this.rows = [];
    this.columnWidths = new Map();
    this.protectedRanges = [];
    this.conditionalFormats = [];
    this.charts = [];
    this.basicFilter = undefined;
  }

  get sheetId(): number {
    return this.properties.sheetId;
  }

  get title(): string {
    return this.properties.title;
  }

  get rowCount(): number {
    return this.properties.gridProperties.rowCount;
  }

  /** Resize the grid, as deleting rows by hand would: cells past the new end go. */
  set rowCount(count: number) {
    this.properties.gridProperties.rowCount = count;
    if (this.rows.length > count) this.rows.length = count;
  }

  get columnCount(): number {
    return this.properties.gridProperties.columnCount;
  }

  set columnCount(count: number) {
    this.properties.gridProperties.columnCount = count;
    this.rows = this.rows.map((row) => (row.length > count ? row.slice(0, count) : row));
  }

  cell(r: number, c: number): CellData | undefined {
    return this.rows[r]?.[c];
  }

  /** The value a person typed in a cell, or null. */
  value(r: number, c: number): FakeCell | null {
    return cellValue(this.cell(r, c));
  }

  /** Store a cell (undefined clears it), copying a shared row first. */
  set(r: number, c: number, data: CellData | undefined): void {
    if (r >= this.rowCount || c >= this.columnCount) {
      throw new InvalidRequest(`Range exceeds grid limits. Max rows: ${this.rowCount}, max columns: ${this.columnCount}`);
    }
    const cell = prune(data);
    if (cell === undefined && this.rows[r]?.[c] === undefined) return;
    while (this.rows.length <= r) this.rows.push([]);
    let row = this.rows[r] as (CellData | undefined)[];
    if (!this.owned.has(row)) {
      row = [...row];
      this.owned.add(row);
      this.rows[r] = row;
    }
    while (row.length <= c) row.push(undefined);
    row[c] = cell;
  }

  /** Store a value as the values API writes it: the cell's formats and dropdown stay. */
  setValue(r: number, c: number, value: FakeCell | null): void {
    const cell: CellData = { ...this.cell(r, c) };
    delete cell.userEnteredValue;
    this.set(r, c, value === null ? cell : { ...cell, userEnteredValue: extendedValue(value) });
  }

  /** Insert `count` empty rows before row `at`, growing the grid. */
  insertRows(at: number, count: number): void {
    this.properties.gridProperties.rowCount += count;
    if (at < this.rows.length) this.rows.splice(at, 0, ...Array.from({ length: count }, () => []));
  }

  /** Delete rows `start` to `end` (0-based, end exclusive), shrinking the grid; rows below move up. */
  deleteRows(start: number, end: number): void {
    this.properties.gridProperties.rowCount -= end - start;
    if (start < this.rows.length) this.rows.splice(start, end - start);
  }

  /** The last 0-based row with a value in columns c0..c1 (inclusive), or -1; formats and dropdowns are not data. */
  lastRowWithData(c0 = 0, c1 = Number.MAX_SAFE_INTEGER): number {
    for (let r = this.rows.length - 1; r >= 0; r -= 1) if (this.rowHasData(r, c0, c1)) return r;
    return -1;
  }

  rowHasData(r: number, c0 = 0, c1 = Number.MAX_SAFE_INTEGER): boolean {
    const row = this.rows[r] ?? [];
    for (let c = c0; c <= Math.min(c1, row.length - 1); c += 1) if (cellValue(row[c]) !== null) return true;
    return false;
  }

  /** A copy to apply a batch to: rows are shared until written, everything else copied. */
  copy(): FakeSheet {
    const sheet = new FakeSheet(this.properties);
    sheet.rows = [...this.rows];
    sheet.columnWidths = new Map(this.columnWidths);
    sheet.protectedRanges = clone(this.protectedRanges);
    sheet.conditionalFormats = clone(this.conditionalFormats);
    sheet.charts = clone(this.charts);
    sheet.basicFilter = this.basicFilter && clone(this.basicFilter);
    return sheet;
  }
}

export interface FakeSpreadsheet {
  readonly spreadsheetId: string;
  properties: sheets_v4.Schema$SpreadsheetProperties;
  sheets: FakeSheet[];
  /** Sheets made so far: the first gets id 0, later ones large numbers, as in Google (an id is never an index). */
  sheetsMade: number;
  /** Ids of protected ranges, charts and the like. */
  nextObjectId: number;
}

export function copySpreadsheet(spreadsheet: FakeSpreadsheet): FakeSpreadsheet {
  return { ...spreadsheet, properties: clone(spreadsheet.properties), sheets: spreadsheet.sheets.map((sheet) => sheet.copy()) };
}

/** The id of a new sheet of `spreadsheet` that names none. */
export function nextSheetId(spreadsheet: FakeSpreadsheet): number {
  const n = spreadsheet.sheetsMade;
  let id = n === 0 ? 0 : 1_000_000 + n * 7919;
  while (spreadsheet.sheets.some((sheet) => sheet.sheetId === id)) id += 1;
  return id;
}

export function cellValue(cell: CellData | undefined): FakeCell | null {
  const value = cell?.userEnteredValue;
  if (!value) return null;
  if (typeof value.formulaValue === 'string') return { formula: value.formulaValue };
  if (typeof value.stringValue === 'string') return value.stringValue === '' ? null : value.stringValue;
  if (typeof value.numberValue === 'number') return value.numberValue;
  if (typeof value.boolValue === 'boolean') return value.boolValue;
  return null;
}

export function extendedValue(cell: FakeCell): sheets_v4.Schema$ExtendedValue {
  if (typeof cell === 'object') return { formulaValue: cell.formula };
  if (typeof cell === 'string') return { stringValue: cell };
  if (typeof cell === 'number') return { numberValue: cell };
  return { boolValue: cell };
}

/** A cell's value as the values API renders it. */
export function rendered(cell: FakeCell, render: string): string | number | boolean {
  if (typeof cell === 'object') return render === 'FORMULA' ? cell.formula : FORMULA_PLACEHOLDER;
  if (render === 'FORMATTED_VALUE') return typeof cell === 'boolean' ? (cell ? 'TRUE' : 'FALSE') : String(cell);
  return cell;
}

/**
 * What a value sent to the values API stores: RAW input as given; USER_ENTERED roughly as Sheets parses
 * typing (formulas, numbers, booleans). null leaves the cell as it is (undefined); "" clears it (null).
 */
export function inputCell(value: unknown, input: string): FakeCell | null | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value !== 'string') throw new InvalidRequest(`Invalid value: ${JSON.stringify(value)}`);
  if (value === '') return null;
  if (input === 'RAW') return value;
  if (value.startsWith('=')) return { formula: value };
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value.trim())) return Number(value);
  if (/^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  return value;
}
