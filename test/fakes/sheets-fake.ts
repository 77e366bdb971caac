// An in-memory Google spreadsheet behind the Sheets v4 REST endpoints, for adapter, provisioning, load and fault tests.
//
// Start it, point GOOGLE_API_ROOT_URL (or a client's `rootUrl`) at `fake.url`, and use the real clients:
//
//   const fake = await new SheetsFake({ spreadsheetId: 'sheet-1' }).start();
//   fake.addSheet('Scores', gridOf(SCORES_TAB, rows));          // header row first, Cells as a person typed them
//   ... new GoogleSheetsStore({ spreadsheetId: 'sheet-1', google: { googleApiRootUrl: fake.url } }) ...
//   fake.reads() / fake.writes() / fake.calls                      // every call: method, path, query, body
//   fake.failNext(2, { kind: 'status', status: 429 })              // or 500, 403, 404, { kind: 'hang' }, { kind: 'reset' },
//                                                                  // { kind: 'applied', status: 500 } (stored, then failed)
//   fake.values('Scores')                                          // what is stored, formulas as { formula }
//   await fake.close();
//
// Served: spreadsheets.get (properties; grid data with includeGridData), spreadsheets.batchUpdate (addSheet,
// deleteSheet, updateSheetProperties, appendDimension, updateCells, appendCells; more with `handle`),
// values.get, values.batchGet, values.append, values.batchUpdate, values.batchClear. Like Google it refuses an
// unknown tab in a range ("Unable to parse range"), a value write past the grid ("exceeds grid limits"), and any
// change that takes the spreadsheet past `maxCells`; batchUpdate applies all its requests or none.
// Not modelled: formats, formula evaluation (a formula reads back as FORMULA_PLACEHOLDER unless
// valueRenderOption=FORMULA), date formatting (dates are serial numbers, as UNFORMATTED_VALUE gives them),
// and the `fields` mask (answers carry every field the fake has). values.append appends after the last row with
// a value in the range's columns; Google's own table detection can stop earlier at a fully blank row.
import { columnToLetter, parseA1Range } from '../../functions/src/core/a1.js';
import type { Cell } from '../../functions/src/core/cells.js';
import { googleError, HttpFake, type Fault, type FakeRequest, type FakeResponse } from './http-fake.js';

/** What a cell stores: RAW input and typed values as given; a formula only from USER_ENTERED "=…" or formulaValue. */
export type FakeCell = string | number | boolean | { readonly formula: string };

/** What a formula cell reads back as, except with valueRenderOption=FORMULA: the fake does not evaluate formulas. */
export const FORMULA_PLACEHOLDER = '#FORMULA';

export interface FakeSheet {
  readonly sheetId: number;
  title: string;
  rowCount: number;
  columnCount: number;
  frozenRowCount: number;
  /** Row-major; rows and cells past the stored ones are empty. */
  rows: (FakeCell | null)[][];
}

export interface SheetsFakeOptions {
  readonly spreadsheetId?: string;
  readonly title?: string;
  /** The fake refuses to grow past this many cells, as Google does at 10,000,000. */
  readonly maxCells?: number;
}

/** A refusal the fake answers with, in Google's error format. */
export class FakeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The spreadsheet a batchUpdate request handler works on: a copy, kept only when every request succeeds. */
export interface BatchContext {
  readonly sheets: FakeSheet[];
  sheet(sheetId: unknown): FakeSheet;
  addSheet(title: string, size?: { rowCount?: number; columnCount?: number }): FakeSheet;
}

/** Applies one batchUpdate request (the object under its kind's key) and returns its reply. */
export type BatchRequestHandler = (request: Record<string, unknown>, context: BatchContext) => Record<string, unknown> | undefined;

type Json = Record<string, unknown>;
type CellRange = { readonly sheet: FakeSheet; readonly r0: number; readonly c0: number; readonly r1: number; readonly c1: number };

const DEFAULT_ROWS = 1000;
const DEFAULT_COLUMNS = 26;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmpty(cell: FakeCell | null | undefined): boolean {
  return cell === null || cell === undefined || cell === '';
}

/** A tab name as Google writes it in a range: bare when it is a plain word, quoted otherwise. */
function sheetRef(title: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(title) ? title : `'${title.replace(/'/g, "''")}'`;
}

function a1(sheet: FakeSheet, r0: number, c0: number, r1: number, c1: number): string {
  return `${sheetRef(sheet.title)}!${columnToLetter(c0 + 1)}${r0 + 1}:${columnToLetter(c1 + 1)}${r1 + 1}`;
}

function toCell(value: unknown, input: string): FakeCell | null | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value !== 'string') throw new FakeApiError(400, `Invalid value: ${JSON.stringify(value)}`);
  if (value === '') return null;
  if (input === 'RAW') return value;
  // USER_ENTERED, roughly as Sheets parses typing: formulas, numbers, booleans.
  if (value.startsWith('=')) return { formula: value };
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value.trim())) return Number(value);
  if (/^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  return value;
}

/** The paths of a `fields` mask such as "userEnteredValue,gridProperties.rowCount". */
function fieldList(fields: unknown): string[] {
  return typeof fields === 'string' ? fields.split(',').map((field) => field.trim()) : [];
}

function rendered(cell: FakeCell, render: string): string | number | boolean {
  if (typeof cell === 'object') return render === 'FORMULA' ? cell.formula : FORMULA_PLACEHOLDER;
  if (render === 'FORMATTED_VALUE') return typeof cell === 'boolean' ? (cell ? 'TRUE' : 'FALSE') : String(cell);
  return cell;
}

function cellDataValue(data: unknown): FakeCell | null {
  const value = isRecord(data) ? data['userEnteredValue'] : undefined;
  if (!isRecord(value)) return null;
  if (typeof value['stringValue'] === 'string') return value['stringValue'] === '' ? null : value['stringValue'];
  if (typeof value['numberValue'] === 'number') return value['numberValue'];
  if (typeof value['boolValue'] === 'boolean') return value['boolValue'];
  if (typeof value['formulaValue'] === 'string') return { formula: value['formulaValue'] };
  return null;
}

function extendedValue(cell: FakeCell): Json {
  if (typeof cell === 'object') return { formulaValue: cell.formula };
  if (typeof cell === 'string') return { stringValue: cell };
  if (typeof cell === 'number') return { numberValue: cell };
  return { boolValue: cell };
}

export class SheetsFake {
  readonly http: HttpFake;
  readonly spreadsheetId: string;
  readonly title: string;
  readonly maxCells: number;
  private sheetList: FakeSheet[] = [];
  private nextSheetId = 0;
  private readonly handlers = new Map<string, BatchRequestHandler>();

  constructor(options: SheetsFakeOptions = {}) {
    this.spreadsheetId = options.spreadsheetId ?? 'fake-spreadsheet-0001';
    this.title = options.title ?? 'Training';
    this.maxCells = options.maxCells ?? 10_000_000;
    const id = '/v4/spreadsheets/([^/:]+)';
    this.http = new HttpFake([
      { method: 'GET', pattern: new RegExp(`^${id}$`), handle: (request, match) => this.serve(match, () => this.getSpreadsheet(request)) },
      {
        method: 'POST',
        pattern: new RegExp(`^${id}:batchUpdate$`),
        handle: (request, match) => this.serve(match, () => this.batchUpdate(request)),
      },
      {
        method: 'GET',
        pattern: new RegExp(`^${id}/values:batchGet$`),
        handle: (request, match) => this.serve(match, () => this.batchGet(request)),
      },
      {
        method: 'POST',
        pattern: new RegExp(`^${id}/values:batchUpdate$`),
        handle: (request, match) => this.serve(match, () => this.valuesBatchUpdate(request)),
      },
      {
        method: 'POST',
        pattern: new RegExp(`^${id}/values:batchClear$`),
        handle: (request, match) => this.serve(match, () => this.batchClear(request)),
      },
      {
        method: 'POST',
        pattern: new RegExp(`^${id}/values/(.+):append$`),
        handle: (request, match) => this.serve(match, () => this.append(request, match[2] ?? '')),
      },
      {
        method: 'GET',
        pattern: new RegExp(`^${id}/values/(.+)$`),
        handle: (request, match) => this.serve(match, () => this.valuesGet(request, match[2] ?? '')),
      },
    ]);
    this.handlers.set('addSheet', (request, context) => {
      const properties = isRecord(request['properties']) ? request['properties'] : {};
      const grid = isRecord(properties['gridProperties']) ? properties['gridProperties'] : {};
      const title = typeof properties['title'] === 'string' ? properties['title'] : `Sheet${context.sheets.length + 1}`;
      const sheet = context.addSheet(title, {
        ...(typeof grid['rowCount'] === 'number' ? { rowCount: grid['rowCount'] } : {}),
        ...(typeof grid['columnCount'] === 'number' ? { columnCount: grid['columnCount'] } : {}),
      });
      if (typeof grid['frozenRowCount'] === 'number') sheet.frozenRowCount = grid['frozenRowCount'];
      return { addSheet: { properties: this.properties(sheet, context.sheets.indexOf(sheet)) } };
    });
    this.handlers.set('deleteSheet', (request, context) => {
      const sheet = context.sheet(request['sheetId']);
      context.sheets.splice(context.sheets.indexOf(sheet), 1);
      return undefined;
    });
    this.handlers.set('updateSheetProperties', (request, context) => {
      const properties = isRecord(request['properties']) ? request['properties'] : {};
      const sheet = context.sheet(properties['sheetId']);
      const fields = fieldList(request['fields']);
      const has = (field: string) => fields.includes('*') || fields.includes(field) || fields.includes(field.split('.')[0] ?? field);
      const grid = isRecord(properties['gridProperties']) ? properties['gridProperties'] : {};
      if (has('title') && typeof properties['title'] === 'string') sheet.title = properties['title'];
      if (has('gridProperties.rowCount') && typeof grid['rowCount'] === 'number') {
        sheet.rowCount = grid['rowCount'];
        sheet.rows.length = Math.min(sheet.rows.length, sheet.rowCount);
      }
      if (has('gridProperties.columnCount') && typeof grid['columnCount'] === 'number') {
        sheet.columnCount = grid['columnCount'];
        for (const row of sheet.rows) row.length = Math.min(row.length, sheet.columnCount);
      }
      if (has('gridProperties.frozenRowCount') && typeof grid['frozenRowCount'] === 'number') sheet.frozenRowCount = grid['frozenRowCount'];
      if (sheet.frozenRowCount >= sheet.rowCount && sheet.frozenRowCount > 0)
        throw new FakeApiError(400, "You can't freeze all visible rows on the sheet.");
      return undefined;
    });
    this.handlers.set('appendDimension', (request, context) => {
      const sheet = context.sheet(request['sheetId']);
      const length = Number(request['length']);
      if (!Number.isInteger(length) || length < 1) throw new FakeApiError(400, 'appendDimension: length must be a positive integer');
      if (request['dimension'] === 'COLUMNS') sheet.columnCount += length;
      else sheet.rowCount += length;
      return undefined;
    });
    this.handlers.set('updateCells', (request, context) => {
      this.requireValueFields(request['fields']);
      const rows = Array.isArray(request['rows']) ? request['rows'] : [];
      const range = isRecord(request['range']) ? request['range'] : undefined;
      const start = isRecord(request['start']) ? request['start'] : undefined;
      const sheet = context.sheet((range ?? start)?.['sheetId']);
      const r0 = Number((range ? range['startRowIndex'] : start?.['rowIndex']) ?? 0);
      const c0 = Number((range ? range['startColumnIndex'] : start?.['columnIndex']) ?? 0);
      const r1 = range ? Number(range['endRowIndex'] ?? sheet.rowCount) : r0 + rows.length;
      const c1 = range
        ? Number(range['endColumnIndex'] ?? sheet.columnCount)
        : c0 + Math.max(0, ...rows.map((row) => this.cellsOf(row).length));
      if (r1 > sheet.rowCount || c1 > sheet.columnCount || r0 > r1 || c0 > c1) {
        throw new FakeApiError(
          400,
          `Range (${a1(sheet, r0, c0, r1 - 1, c1 - 1)}) exceeds grid limits. Max rows: ${sheet.rowCount}, max columns: ${sheet.columnCount}`,
        );
      }
      if (r0 + rows.length > r1)
        throw new FakeApiError(400, `Attempting to write row: ${r0 + rows.length - 1}, beyond the last requested row of: ${r1 - 1}`);
      for (let r = r0; r < r1; r += 1) {
        const cells = this.cellsOf(rows[r - r0]);
        if (c0 + cells.length > c1)
          throw new FakeApiError(
            400,
            `Attempting to write column: ${c0 + cells.length - 1}, beyond the last requested column of: ${c1 - 1}`,
          );
        // With a range, cells the rows leave out are cleared; with a start, only the given cells change.
        const end = range ? c1 : c0 + cells.length;
        for (let c = c0; c < end; c += 1) this.put(sheet, r, c, c - c0 < cells.length ? cellDataValue(cells[c - c0]) : null);
      }
      return undefined;
    });
    this.handlers.set('appendCells', (request, context) => {
      this.requireValueFields(request['fields']);
      const sheet = context.sheet(request['sheetId']);
      const rows = Array.isArray(request['rows']) ? request['rows'] : [];
      const at = this.lastRowWithData(sheet, 0, Number.MAX_SAFE_INTEGER) + 1;
      sheet.rowCount = Math.max(sheet.rowCount, at + rows.length);
      rows.forEach((row, i) => this.cellsOf(row).forEach((data, c) => this.put(sheet, at + i, c, cellDataValue(data))));
      return undefined;
    });
  }

  /** Base URL for GOOGLE_API_ROOT_URL. */
  get url(): string {
    return this.http.url;
  }

  get calls(): readonly FakeRequest[] {
    return this.http.calls;
  }

  async start(): Promise<this> {
    await this.http.start();
    return this;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /** Calls that read (GET), as the call budget counts them. */
  reads(): number {
    return this.http.calls.filter((call) => call.method === 'GET').length;
  }

  /** Calls that write (POST, PUT, PATCH), as the call budget counts them. */
  writes(): number {
    return this.http.calls.filter((call) => call.method !== 'GET').length;
  }

  resetCalls(): void {
    this.http.resetCalls();
  }

  /** The next `times` matching calls answer with the fault instead (a status such as 429, 500, 403, 404; a hang; a reset). */
  failNext(times: number, fault: Fault, when?: (request: FakeRequest) => boolean): void {
    this.http.failNext(times, fault, when);
  }

  /** Serve another batchUpdate request kind (setDataValidation, addProtectedRange, …), or replace a built-in one. */
  handle(kind: string, handler: BatchRequestHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Add a tab holding `grid` (header row first); the grid is 1000 × 26 or as big as the data, like a new Google sheet. */
  addSheet(
    title: string,
    grid: readonly (readonly (FakeCell | null)[])[] = [],
    size: { rowCount?: number; columnCount?: number } = {},
  ): FakeSheet {
    if (this.sheetList.some((sheet) => sheet.title === title)) throw new Error(`the fake already has a sheet "${title}"`);
    const width = Math.max(0, ...grid.map((row) => row.length));
    const sheet = this.newSheet(
      title,
      { rowCount: size.rowCount ?? Math.max(DEFAULT_ROWS, grid.length), columnCount: size.columnCount ?? Math.max(DEFAULT_COLUMNS, width) },
      grid.map((row) => row.map((cell) => (cell === '' ? null : cell))),
    );
    if (sheet.rows.length > sheet.rowCount || width > sheet.columnCount) throw new Error(`the data of "${title}" does not fit its grid`);
    this.sheetList.push(sheet);
    return sheet;
  }

  /** The first sheet's id is 0 and later ones are large numbers, as in Google: an id is never an index. */
  private newSheet(title: string, size: { rowCount?: number; columnCount?: number }, rows: (FakeCell | null)[][] = []): FakeSheet {
    const n = this.nextSheetId;
    this.nextSheetId += 1;
    return {
      sheetId: n === 0 ? 0 : 1_000_000 + n * 7919,
      title,
      rowCount: size.rowCount ?? DEFAULT_ROWS,
      columnCount: size.columnCount ?? DEFAULT_COLUMNS,
      frozenRowCount: 0,
      rows,
    };
  }

  removeSheet(title: string): void {
    this.sheetList = this.sheetList.filter((sheet) => sheet.title !== title);
  }

  sheet(title: string): FakeSheet {
    const sheet = this.sheetList.find((candidate) => candidate.title === title);
    if (!sheet) throw new Error(`the fake has no sheet "${title}"`);
    return sheet;
  }

  get sheets(): readonly FakeSheet[] {
    return this.sheetList;
  }

  /** What a tab stores, trailing blank rows and cells left out; blanks inside are null. */
  values(title: string): (FakeCell | null)[][] {
    const rows = this.sheet(title).rows.map((row) => {
      const copy = row.map((cell) => (cell === undefined ? null : cell));
      while (copy.length > 0 && isEmpty(copy[copy.length - 1])) copy.pop();
      return copy;
    });
    while (rows.length > 0 && (rows[rows.length - 1] ?? []).length === 0) rows.pop();
    return rows;
  }

  /** Cells of every grid, empty ones included: what Google's limit counts. */
  cellCount(sheets: readonly FakeSheet[] = this.sheetList): number {
    return sheets.reduce((sum, sheet) => sum + sheet.rowCount * sheet.columnCount, 0);
  }

  private async serve(match: RegExpExecArray, answer: () => Json | Promise<Json>): Promise<FakeResponse> {
    if (match[1] !== this.spreadsheetId) return googleError(404, 'Requested entity was not found.', 'notFound');
    try {
      return { status: 200, body: await answer() };
    } catch (error) {
      if (error instanceof FakeApiError) return googleError(error.status, error.message, error.status === 400 ? 'badRequest' : 'error');
      throw error;
    }
  }

  private properties(sheet: FakeSheet, index: number): Json {
    return {
      sheetId: sheet.sheetId,
      title: sheet.title,
      index,
      sheetType: 'GRID',
      gridProperties: {
        rowCount: sheet.rowCount,
        columnCount: sheet.columnCount,
        ...(sheet.frozenRowCount > 0 ? { frozenRowCount: sheet.frozenRowCount } : {}),
      },
    };
  }

  private spreadsheet(sheets: readonly FakeSheet[], gridData: boolean, ranges: readonly string[] = []): Json {
    const wanted = ranges.map((range) => this.resolve(range, sheets));
    const shown = wanted.length === 0 ? sheets : sheets.filter((sheet) => wanted.some((range) => range.sheet === sheet));
    return {
      spreadsheetId: this.spreadsheetId,
      properties: { title: this.title, locale: 'zh_CN', timeZone: 'Asia/Shanghai' },
      sheets: shown.map((sheet) => {
        const entry: Json = { properties: this.properties(sheet, sheets.indexOf(sheet)) };
        if (gridData) {
          const areas =
            wanted.length === 0 ? [this.resolve(sheetRef(sheet.title), sheets)] : wanted.filter((range) => range.sheet === sheet);
          entry['data'] = areas.map((area) => ({
            ...(area.r0 > 0 ? { startRow: area.r0 } : {}),
            ...(area.c0 > 0 ? { startColumn: area.c0 } : {}),
            rowData: this.read(area, 'UNFORMATTED_VALUE', true).map((row) => ({
              values: row.map((cell) =>
                isEmpty(cell as FakeCell | null)
                  ? {}
                  : { userEnteredValue: extendedValue(cell as FakeCell), effectiveValue: extendedValue(cell as FakeCell) },
              ),
            })),
          }));
        }
        return entry;
      }),
    };
  }

  private getSpreadsheet(request: FakeRequest): Json {
    return this.spreadsheet(this.sheetList, request.query.get('includeGridData') === 'true', request.query.getAll('ranges'));
  }

  /** The cells of a range: `sheet` and 0-based inclusive bounds clipped to the grid; an unknown tab is a 400. */
  private resolve(text: string, sheets: readonly FakeSheet[] = this.sheetList): CellRange {
    const parsed = parseA1Range(text);
    const sheet = parsed && sheets.find((candidate) => candidate.title === parsed.tab);
    if (!parsed || !sheet) throw new FakeApiError(400, `Unable to parse range: ${text}`);
    return {
      sheet,
      r0: (parsed.fromRow ?? 1) - 1,
      c0: (parsed.fromColumn ?? 1) - 1,
      r1: Math.min(parsed.toRow ?? sheet.rowCount, sheet.rowCount) - 1,
      c1: Math.min(parsed.toColumn ?? sheet.columnCount, sheet.columnCount) - 1,
    };
  }

  /** Rows of a range as the values API gives them: trailing blank rows and cells left out, blanks inside as "". */
  private read(range: CellRange, render: string, raw = false): unknown[][] {
    const rows: unknown[][] = [];
    for (let r = range.r0; r <= range.r1; r += 1) {
      const row: unknown[] = [];
      for (let c = range.c0; c <= range.c1; c += 1) {
        const cell = range.sheet.rows[r]?.[c];
        row.push(isEmpty(cell) ? '' : raw ? cell : rendered(cell as FakeCell, render));
      }
      while (row.length > 0 && row[row.length - 1] === '') row.pop();
      rows.push(row);
    }
    while (rows.length > 0 && (rows[rows.length - 1] ?? []).length === 0) rows.pop();
    return rows;
  }

  private valueRange(range: CellRange, render: string): Json {
    const values = this.read(range, render);
    return {
      range: a1(range.sheet, range.r0, range.c0, range.r1, range.c1),
      majorDimension: 'ROWS',
      ...(values.length > 0 ? { values } : {}),
    };
  }

  private batchGet(request: FakeRequest): Json {
    const render = request.query.get('valueRenderOption') ?? 'FORMATTED_VALUE';
    if ((request.query.get('majorDimension') ?? 'ROWS') !== 'ROWS') throw new FakeApiError(400, 'the fake serves majorDimension=ROWS only');
    const ranges = request.query.getAll('ranges');
    if (ranges.length === 0) throw new FakeApiError(400, 'ranges is required');
    return { spreadsheetId: this.spreadsheetId, valueRanges: ranges.map((range) => this.valueRange(this.resolve(range), render)) };
  }

  private valuesGet(request: FakeRequest, range: string): Json {
    return this.valueRange(this.resolve(range), request.query.get('valueRenderOption') ?? 'FORMATTED_VALUE');
  }

  private inputOption(value: unknown): string {
    if (value !== 'RAW' && value !== 'USER_ENTERED') throw new FakeApiError(400, "'valueInputOption' is required but not specified");
    return value;
  }

  private bodyOf(request: FakeRequest): Json {
    if (!isRecord(request.body)) throw new FakeApiError(400, 'the request body must be a JSON object');
    return request.body;
  }

  private rowsOf(values: unknown): unknown[][] {
    if (values === undefined) return [];
    if (!Array.isArray(values) || !values.every(Array.isArray)) throw new FakeApiError(400, 'values must be an array of rows');
    return values as unknown[][];
  }

  private cellsOf(row: unknown): unknown[] {
    return isRecord(row) && Array.isArray(row['values']) ? row['values'] : [];
  }

  private requireValueFields(fields: unknown): void {
    const list = fieldList(fields);
    if (!list.includes('*') && !list.some((field) => field === 'userEnteredValue' || field.startsWith('userEnteredValue.'))) {
      throw new FakeApiError(400, 'the fake writes userEnteredValue only; ask for fields "userEnteredValue"');
    }
  }

  /** Store a cell; undefined (a null in RAW input) leaves the cell as it is. */
  private put(sheet: FakeSheet, r: number, c: number, cell: FakeCell | null | undefined): void {
    if (cell === undefined) return;
    while (sheet.rows.length <= r) sheet.rows.push([]);
    const row = sheet.rows[r] as (FakeCell | null)[];
    while (row.length < c) row.push(null);
    row[c] = cell;
  }

  private lastRowWithData(sheet: FakeSheet, c0: number, c1: number): number {
    for (let r = sheet.rows.length - 1; r >= 0; r -= 1) {
      const row = sheet.rows[r] ?? [];
      for (let c = c0; c <= Math.min(c1, row.length - 1); c += 1) if (!isEmpty(row[c])) return r;
    }
    return -1;
  }

  private checkCells(before: number, sheets: readonly FakeSheet[], where: string): void {
    const after = this.cellCount(sheets);
    if (after > this.maxCells && after > before) {
      throw new FakeApiError(
        400,
        `${where}This action would increase the number of cells in the workbook above the limit of ${this.maxCells} cells.`,
      );
    }
  }

  private write(range: CellRange, values: unknown[][], input: string, text: string): Json {
    const width = Math.max(0, ...values.map((row) => row.length));
    if (range.r0 + values.length > range.sheet.rowCount || range.c0 + width > range.sheet.columnCount) {
      throw new FakeApiError(
        400,
        `Range (${text}) exceeds grid limits. Max rows: ${range.sheet.rowCount}, max columns: ${range.sheet.columnCount}`,
      );
    }
    values.forEach((row, i) => row.forEach((value, j) => this.put(range.sheet, range.r0 + i, range.c0 + j, toCell(value, input))));
    const cells = values.reduce((sum, row) => sum + row.length, 0);
    return {
      spreadsheetId: this.spreadsheetId,
      updatedRange: a1(range.sheet, range.r0, range.c0, range.r0 + Math.max(values.length, 1) - 1, range.c0 + Math.max(width, 1) - 1),
      updatedRows: values.length,
      updatedColumns: width,
      updatedCells: cells,
    };
  }

  private append(request: FakeRequest, text: string): Json {
    const input = this.inputOption(request.query.get('valueInputOption'));
    const insert = request.query.get('insertDataOption') ?? 'OVERWRITE';
    const values = this.rowsOf(this.bodyOf(request)['values']);
    const range = this.resolve(text);
    const { sheet } = range;
    const last = this.lastRowWithData(sheet, range.c0, range.c1);
    const at = Math.max(last + 1, range.r0);
    // INSERT_ROWS adds a row per value row; OVERWRITE only the rows past the grid's end.
    const added = insert === 'INSERT_ROWS' ? values.length : Math.max(0, at + values.length - sheet.rowCount);
    const before = this.cellCount();
    if (before + added * sheet.columnCount > this.maxCells && added > 0) {
      throw new FakeApiError(
        400,
        `This action would increase the number of cells in the workbook above the limit of ${this.maxCells} cells.`,
      );
    }
    sheet.rowCount += added;
    if (insert === 'INSERT_ROWS' && sheet.rows.length > at) sheet.rows.splice(at, 0, ...values.map(() => []));
    const updates = this.write({ sheet, r0: at, c0: range.c0, r1: at + values.length - 1, c1: range.c1 }, values, input, text);
    return {
      spreadsheetId: this.spreadsheetId,
      ...(last >= range.r0 ? { tableRange: a1(sheet, range.r0, range.c0, last, range.c1) } : {}),
      updates,
    };
  }

  private valuesBatchUpdate(request: FakeRequest): Json {
    const body = this.bodyOf(request);
    const input = this.inputOption(body['valueInputOption']);
    const data = Array.isArray(body['data']) ? body['data'].filter(isRecord) : [];
    // Check every range before writing any, so a refused request changes nothing.
    const writes = data.map((entry) => ({
      text: String(entry['range']),
      range: this.resolve(String(entry['range'])),
      values: this.rowsOf(entry['values']),
    }));
    for (const { text, range, values } of writes) {
      const width = Math.max(0, ...values.map((row) => row.length));
      if (range.r0 + values.length > range.sheet.rowCount || range.c0 + width > range.sheet.columnCount) {
        throw new FakeApiError(
          400,
          `Range (${text}) exceeds grid limits. Max rows: ${range.sheet.rowCount}, max columns: ${range.sheet.columnCount}`,
        );
      }
    }
    const responses = writes.map(({ text, range, values }) => this.write(range, values, input, text));
    return {
      spreadsheetId: this.spreadsheetId,
      totalUpdatedRows: responses.reduce((sum, response) => sum + Number(response['updatedRows']), 0),
      totalUpdatedCells: responses.reduce((sum, response) => sum + Number(response['updatedCells']), 0),
      totalUpdatedSheets: new Set(writes.map((write) => write.range.sheet)).size,
      responses,
    };
  }

  private batchClear(request: FakeRequest): Json {
    const ranges = Array.isArray(this.bodyOf(request)['ranges']) ? (this.bodyOf(request)['ranges'] as unknown[]).map(String) : [];
    const resolved = ranges.map((range) => this.resolve(range));
    for (const range of resolved) {
      for (let r = range.r0; r <= Math.min(range.r1, range.sheet.rows.length - 1); r += 1) {
        const row = range.sheet.rows[r] ?? [];
        for (let c = range.c0; c <= Math.min(range.c1, row.length - 1); c += 1) row[c] = null;
      }
    }
    return {
      spreadsheetId: this.spreadsheetId,
      clearedRanges: resolved.map((range) => a1(range.sheet, range.r0, range.c0, range.r1, range.c1)),
    };
  }

  private batchUpdate(request: FakeRequest): Json {
    const body = this.bodyOf(request);
    const requests = Array.isArray(body['requests']) ? body['requests'] : [];
    if (requests.length === 0) throw new FakeApiError(400, 'Must specify at least one request.');
    // Work on a copy and keep it only when every request succeeds: batchUpdate is all or nothing.
    const sheets = structuredClone(this.sheetList);
    const context: BatchContext = {
      sheets,
      sheet: (sheetId) => {
        const sheet = sheets.find((candidate) => candidate.sheetId === Number(sheetId ?? 0));
        if (!sheet) throw new FakeApiError(400, `No grid with id: ${String(sheetId)}`);
        return sheet;
      },
      addSheet: (title, size = {}) => {
        if (sheets.some((sheet) => sheet.title === title))
          throw new FakeApiError(400, `A sheet with the name "${title}" already exists. Please enter another name.`);
        const sheet = this.newSheet(title, size);
        sheets.push(sheet);
        return sheet;
      },
    };
    const before = this.cellCount();
    const replies = requests.map((entry: unknown, i) => {
      const kind = isRecord(entry) ? Object.keys(entry)[0] : undefined;
      const handler = kind === undefined ? undefined : this.handlers.get(kind);
      const payload = kind === undefined || !isRecord(entry) ? undefined : entry[kind];
      if (!kind || !handler || !isRecord(payload)) {
        throw new FakeApiError(
          400,
          `Invalid requests[${i}]: the Sheets fake does not serve "${kind ?? '?'}"; add it with SheetsFake.handle()`,
        );
      }
      try {
        const reply = handler(payload, context) ?? {};
        this.checkCells(before, sheets, `Invalid requests[${i}].${kind}: `);
        return reply;
      } catch (error) {
        if (error instanceof FakeApiError && !error.message.startsWith('Invalid requests'))
          throw new FakeApiError(error.status, `Invalid requests[${i}].${kind}: ${error.message}`);
        throw error;
      }
    });
    this.sheetList = sheets;
    return {
      spreadsheetId: this.spreadsheetId,
      replies,
      ...(body['includeSpreadsheetInResponse'] === true
        ? { updatedSpreadsheet: this.spreadsheet(sheets, body['responseIncludeGridData'] === true) }
        : {}),
    };
  }
}

/** Seed the fake with grids by tab name, e.g. from a MemorySheetStore's `grid(name)`. */
export function seedSheets(fake: SheetsFake, grids: Iterable<readonly [string, readonly (readonly Cell[])[]]>): void {
  for (const [title, grid] of grids) fake.addSheet(title, grid);
}
