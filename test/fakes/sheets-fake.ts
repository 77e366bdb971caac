// An in-memory Google Sheets API v4 for store, provisioning, load and fault tests: one fake for values and structure alike.
//
// Start it on its own, or mount its routes beside other fakes, and point GOOGLE_API_ROOT_URL (or a client's
// `rootUrl`) at it; the real clients talk to it:
//
//   const fake = await new SheetsFake({ spreadsheetId: 'sheet-1' }).start();
//   fake.addSheet('Scores', gridOf(SCORES_TAB, rows));          // header row first, values as a person typed them
//   ... new GoogleSheetsStore({ spreadsheetId: 'sheet-1', google: { googleApiRootUrl: fake.url } }) ...
//   fake.reads() / fake.writes() / fake.calls                      // every call: method, path, query, body
//   fake.failNext(2, { kind: 'status', status: 429 })              // or 500, 403, 404, { kind: 'hang' }, { kind: 'reset' },
//                                                                  // { kind: 'applied', status: 500 } (stored, then failed)
//   fake.values('Scores')                                          // what is stored, formulas as { formula }
//   new HttpFake([...sheets.routes(), ...forms.routes()])          // or beside the Forms and Drive fakes
//
// Served: spreadsheets.create, spreadsheets.get (field masks, ranges, grid data), spreadsheets.batchUpdate
// (sheets/requests.ts; more with `handle`), values.get, values.batchGet, values.append, values.batchUpdate,
// values.batchClear. Like Google it parses A1 itself (sheets/a1.ts, not the production parser), refuses an unknown
// tab ("Unable to parse range"), a write past the grid ("exceeds grid limits") and growth past `maxCells`, applies a
// batchUpdate whole or not at all, appends after the LAST table in the range from that table's first column
// (sheets/values-api.ts), and counts 60 reads and 60 writes a minute per user (sheets/quota.ts; `quota: false` to
// lift it). Not modelled: formula evaluation (a formula reads back as FORMULA_PLACEHOLDER unless
// valueRenderOption=FORMULA) and date formatting (dates are serial numbers, as UNFORMATTED_VALUE gives them).
import type { sheets_v4 } from '@googleapis/sheets';
import {
  googleError,
  HttpFake,
  InvalidRequest,
  NotFound,
  type Fault,
  type FakeRequest,
  type FakeResponse,
  type Route,
} from './http-fake.js';
import { formatRange, tabRef } from './sheets/a1.js';
import { parseFieldMask, project } from './sheets/field-mask.js';
import {
  cellValue,
  copySpreadsheet,
  DEFAULT_COLUMNS,
  DEFAULT_ROWS,
  extendedValue,
  FakeSheet,
  nextSheetId,
  rendered,
  type CellData,
  type FakeCell,
  type FakeSpreadsheet,
} from './sheets/model.js';
import { GOOGLE_SHEETS_QUOTA, QuotaMeter, type SheetsQuota } from './sheets/quota.js';
import { batchContext, defaultHandlers, type BatchRequestHandler } from './sheets/requests.js';
import { a1Of, detectTable, inputOption, resolve, rowsOf, valueRange, writeValues, type CellRange } from './sheets/values-api.js';

export { FORMULA_PLACEHOLDER, FakeSheet, type FakeCell, type FakeSpreadsheet } from './sheets/model.js';
export type { BatchContext, BatchRequestHandler } from './sheets/requests.js';
export { GOOGLE_SHEETS_QUOTA, type SheetsQuota } from './sheets/quota.js';

export interface SheetsFakeOptions {
  /** The spreadsheet the fake holds from the start (addSheet, values, sheet without an id are about it). */
  readonly spreadsheetId?: string;
  readonly title?: string;
  /** The fake refuses to grow a spreadsheet past this many cells, as Google does at 10,000,000. */
  readonly maxCells?: number;
  /** Google's per-minute quota by default; false for tests about concurrency rather than quota. */
  readonly quota?: SheetsQuota | false;
  /** The clock the quota's minute runs on. */
  readonly now?: () => number;
  /** Send Retry-After with quota refusals (Google's Sheets API usually sends none). */
  readonly retryAfterSeconds?: number;
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Proto3 JSON leaves zero numbers out: a range on sheet 0 from row 0 arrives without those fields. */
function withoutZeros(range: sheets_v4.Schema$GridRange | null | undefined): sheets_v4.Schema$GridRange {
  return Object.fromEntries(Object.entries(range ?? {}).filter(([, value]) => value !== 0));
}

/** A cell's value as Google formats it for people: what FORMATTED_VALUE and formattedValue give. */
function formatted(cell: CellData | undefined): string | undefined {
  const value = cellValue(cell);
  return value === null ? undefined : String(rendered(value, 'FORMATTED_VALUE'));
}

export class SheetsFake {
  readonly http: HttpFake;
  readonly spreadsheetId: string;
  readonly maxCells: number;
  readonly spreadsheets = new Map<string, FakeSpreadsheet>();
  /** The requests of every batchUpdate that was applied, in order. */
  readonly batches: sheets_v4.Schema$Request[][] = [];
  /** The data of every values.batchUpdate that was applied, with its valueInputOption. */
  readonly valueWrites: { valueInputOption: string; data: sheets_v4.Schema$ValueRange[] }[] = [];
  private readonly handlers = defaultHandlers();
  private readonly quota: QuotaMeter | undefined;
  private created = 0;

  constructor(options: SheetsFakeOptions = {}) {
    this.spreadsheetId = options.spreadsheetId ?? 'fake-spreadsheet-0001';
    this.maxCells = options.maxCells ?? 10_000_000;
    const limits = options.quota === undefined ? GOOGLE_SHEETS_QUOTA : options.quota;
    this.quota = limits === false ? undefined : new QuotaMeter(limits, options.now ?? Date.now, options.retryAfterSeconds);
    this.spreadsheets.set(this.spreadsheetId, {
      spreadsheetId: this.spreadsheetId,
      properties: { title: options.title ?? 'Training', locale: 'zh_CN', timeZone: 'Asia/Shanghai' },
      sheets: [],
      sheetsMade: 0,
      nextObjectId: 1000,
    });
    this.http = new HttpFake(this.routes());
  }

  /** The routes, to mount on an HttpFake shared with other fakes. */
  routes(): Route[] {
    const id = '/v4/spreadsheets/([^/:]+)';
    const on = (method: string, path: string, answer: (request: FakeRequest, match: RegExpExecArray) => Json): Route => ({
      method,
      pattern: new RegExp(`^${path}$`),
      handle: (request, match) => this.serve(request, () => answer(request, match)),
    });
    return [
      on('POST', '/v4/spreadsheets', (request) => this.create(request)),
      on('GET', id, (request, match) => this.get(this.find(match[1]), request)),
      on('POST', `${id}:batchUpdate`, (request, match) => this.batchUpdate(this.find(match[1]), request)),
      on('GET', `${id}/values:batchGet`, (request, match) => this.batchGet(this.find(match[1]), request)),
      on('POST', `${id}/values:batchUpdate`, (request, match) => this.valuesBatchUpdate(this.find(match[1]), request)),
      on('POST', `${id}/values:batchClear`, (request, match) => this.batchClear(this.find(match[1]), request)),
      on('POST', `${id}/values/(.+):append`, (request, match) => this.append(this.find(match[1]), request, match[2] ?? '')),
      on('GET', `${id}/values/(.+)`, (request, match) => this.valuesGet(this.find(match[1]), request, match[2] ?? '')),
    ];
  }

  /** Base URL for GOOGLE_API_ROOT_URL, when started on its own. */
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

  /** Bytes of request bodies received and of answers sent since the last reset. */
  bytes(): { readonly received: number; readonly sent: number } {
    return this.http.bytes();
  }

  /** The next `times` matching calls answer with the fault instead (a status such as 429, 500, 403, 404; a hang; a reset). */
  failNext(times: number, fault: Fault, when?: (request: FakeRequest) => boolean): void {
    this.http.failNext(times, fault, when);
  }

  /** Serve another batchUpdate request kind, or replace a built-in one. */
  handle(kind: string, handler: BatchRequestHandler): void {
    this.handlers.set(kind, handler);
  }

  /** The spreadsheet the fake was made with, or another it holds. */
  spreadsheet(spreadsheetId: string = this.spreadsheetId): FakeSpreadsheet {
    const spreadsheet = this.spreadsheets.get(spreadsheetId);
    if (!spreadsheet) throw new Error(`the fake has no spreadsheet ${spreadsheetId}`);
    return spreadsheet;
  }

  get sheets(): readonly FakeSheet[] {
    return this.spreadsheet().sheets;
  }

  /** Add a tab holding `grid` (header row first) to the first spreadsheet; 1000 × 26 or as big as the data, like a new Google sheet. */
  addSheet(
    title: string,
    grid: readonly (readonly (FakeCell | null)[])[] = [],
    size: { rowCount?: number; columnCount?: number } = {},
  ): FakeSheet {
    return this.addTab(this.spreadsheet(), title, grid, size);
  }

  /** A spreadsheet as a person made it: tabs with values only (no formats), the first tab with id 0. */
  seed(spreadsheetId: string, tabs: Readonly<Record<string, readonly (readonly (FakeCell | null)[])[]>>): FakeSpreadsheet {
    const spreadsheet: FakeSpreadsheet = {
      spreadsheetId,
      properties: { title: 'seeded', locale: 'zh_CN' },
      sheets: [],
      sheetsMade: 0,
      nextObjectId: 1000,
    };
    this.spreadsheets.set(spreadsheetId, spreadsheet);
    for (const [title, grid] of Object.entries(tabs)) this.addTab(spreadsheet, title, grid, {});
    return spreadsheet;
  }

  removeSheet(title: string): void {
    const spreadsheet = this.spreadsheet();
    spreadsheet.sheets = spreadsheet.sheets.filter((sheet) => sheet.title !== title);
  }

  /** A tab of the first spreadsheet, or of the one named. */
  sheet(title: string): FakeSheet;
  sheet(spreadsheetId: string, title: string): FakeSheet;
  sheet(first: string, second?: string): FakeSheet {
    const [spreadsheetId, title] = second === undefined ? [this.spreadsheetId, first] : [first, second];
    const sheet = this.spreadsheet(spreadsheetId).sheets.find((candidate) => candidate.title === title);
    if (!sheet) throw new Error(`the fake has no sheet "${title}" in ${spreadsheetId}`);
    return sheet;
  }

  /** What a tab stores, trailing blank rows and cells left out; blanks inside are null. */
  values(title: string, spreadsheetId: string = this.spreadsheetId): (FakeCell | null)[][] {
    const sheet = this.sheet(spreadsheetId, title);
    const rows = sheet.rows.map((row, r) => {
      const values = row.map((_, c) => sheet.value(r, c));
      while (values.length > 0 && values[values.length - 1] === null) values.pop();
      return values;
    });
    while (rows.length > 0 && (rows[rows.length - 1] ?? []).length === 0) rows.pop();
    return rows;
  }

  /** A tab's values as people see them (formatted text, '' for blank), up to its last row and column with a value. */
  text(spreadsheetId: string, title: string): string[][] {
    const rows = this.values(title, spreadsheetId);
    const width = Math.max(0, ...rows.map((row) => row.length));
    return rows.map((row) =>
      Array.from({ length: width }, (_, c) => {
        const value = row[c];
        return value === null || value === undefined ? '' : String(rendered(value, 'FORMATTED_VALUE'));
      }),
    );
  }

  cell(spreadsheetId: string, title: string, row: number, column: number): CellData | undefined {
    return this.sheet(spreadsheetId, title).cell(row, column);
  }

  /** Type values into a tab of the first spreadsheet from row `r0` (0-based), as a person would; null clears. */
  write(title: string, r0: number, rows: readonly (readonly (FakeCell | null)[])[]): void {
    const sheet = this.sheet(title);
    rows.forEach((row, i) => row.forEach((value, c) => sheet.setValue(r0 + i, c, value === '' ? null : value)));
  }

  /** Cells of every grid, empty ones included: what Google's limit counts. */
  cellCount(sheets: readonly FakeSheet[] = this.sheets): number {
    return sheets.reduce((sum, sheet) => sum + sheet.rowCount * sheet.columnCount, 0);
  }

  private addTab(
    spreadsheet: FakeSpreadsheet,
    title: string,
    grid: readonly (readonly (FakeCell | null)[])[],
    size: { rowCount?: number; columnCount?: number },
  ): FakeSheet {
    if (spreadsheet.sheets.some((sheet) => sheet.title === title)) throw new Error(`the fake already has a sheet "${title}"`);
    const width = Math.max(0, ...grid.map((row) => row.length));
    const sheet = new FakeSheet({
      sheetId: nextSheetId(spreadsheet),
      title,
      index: spreadsheet.sheets.length,
      gridProperties: {
        rowCount: size.rowCount ?? Math.max(DEFAULT_ROWS, grid.length),
        columnCount: size.columnCount ?? Math.max(DEFAULT_COLUMNS, width),
      },
    });
    if (grid.length > sheet.rowCount || width > sheet.columnCount) throw new Error(`the data of "${title}" does not fit its grid`);
    spreadsheet.sheetsMade += 1;
    sheet.rows = grid.map((row) =>
      row.map((value) => (value === null || value === '' ? undefined : { userEnteredValue: extendedValue(value) })),
    );
    spreadsheet.sheets.push(sheet);
    return sheet;
  }

  private find(spreadsheetId: string | undefined): FakeSpreadsheet {
    const spreadsheet = this.spreadsheets.get(spreadsheetId ?? '');
    if (!spreadsheet) throw new NotFound();
    return spreadsheet;
  }

  /** Quota, then the answer; refusals in Google's error format, and the answer cut to `fields` when asked. */
  private async serve(request: FakeRequest, answer: () => Json): Promise<FakeResponse> {
    await Promise.resolve();
    const refused = this.quota?.take(request);
    if (refused) return refused;
    try {
      const body = answer();
      const fields = request.query.get('fields');
      return { status: 200, body: fields ? project(body, parseFieldMask(fields)) : body };
    } catch (error) {
      if (error instanceof InvalidRequest) return googleError(400, error.message, 'badRequest');
      if (error instanceof NotFound) return googleError(404, 'Requested entity was not found.', 'notFound');
      throw error;
    }
  }

  private create(request: FakeRequest): Json {
    const body = (isRecord(request.body) ? request.body : {}) as sheets_v4.Schema$Spreadsheet;
    this.created += 1;
    const spreadsheetId = `fake-spreadsheet-${this.created}`;
    const spreadsheet: FakeSpreadsheet = {
      spreadsheetId,
      properties: structuredClone(body.properties ?? {}),
      sheets: [],
      sheetsMade: 0,
      nextObjectId: 1000,
    };
    const context = batchContext(spreadsheet);
    for (const sheet of body.sheets && body.sheets.length > 0 ? body.sheets : [{ properties: { sheetId: 0, title: 'Sheet1' } }]) {
      context.addSheet(sheet.properties ?? {});
    }
    this.spreadsheets.set(spreadsheetId, spreadsheet);
    return this.spreadsheetJson(spreadsheet, [], false);
  }

  private get(spreadsheet: FakeSpreadsheet, request: FakeRequest): Json {
    const ranges = request.query.getAll('ranges').map((range) => resolve(range, spreadsheet));
    // Google ignores includeGridData when a field mask is set: then the mask alone says whether grid data comes.
    const fields = request.query.get('fields');
    const sheetsMask = fields ? parseFieldMask(fields).get('sheets') : undefined;
    const gridData = fields
      ? sheetsMask === true || (sheetsMask instanceof Map && sheetsMask.has('data'))
      : request.query.get('includeGridData') === 'true';
    return this.spreadsheetJson(spreadsheet, ranges, gridData);
  }

  private spreadsheetJson(spreadsheet: FakeSpreadsheet, ranges: readonly CellRange[], gridData: boolean): Json {
    const shown =
      ranges.length === 0 ? spreadsheet.sheets : spreadsheet.sheets.filter((sheet) => ranges.some((range) => range.sheet === sheet));
    return {
      spreadsheetId: spreadsheet.spreadsheetId,
      spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${spreadsheet.spreadsheetId}/edit`,
      properties: structuredClone(spreadsheet.properties),
      sheets: shown.map((sheet): sheets_v4.Schema$Sheet => ({
        properties: structuredClone(sheet.properties),
        ...(sheet.protectedRanges.length > 0
          ? { protectedRanges: sheet.protectedRanges.map((p) => ({ ...structuredClone(p), range: withoutZeros(p.range) })) }
          : {}),
        ...(sheet.conditionalFormats.length > 0
          ? {
              conditionalFormats: sheet.conditionalFormats.map((rule) => ({
                ...structuredClone(rule),
                ranges: (rule.ranges ?? []).map(withoutZeros),
              })),
            }
          : {}),
        ...(sheet.charts.length > 0 ? { charts: structuredClone(sheet.charts) } : {}),
        ...(sheet.basicFilter
          ? { basicFilter: { ...structuredClone(sheet.basicFilter), range: withoutZeros(sheet.basicFilter.range) } }
          : {}),
        ...(gridData
          ? {
              data: this.gridData(
                sheet,
                ranges.length === 0 ? [resolve(tabRef(sheet.title), spreadsheet)] : ranges.filter((range) => range.sheet === sheet),
              ),
            }
          : {}),
      })),
    };
  }

  private gridData(sheet: FakeSheet, ranges: readonly CellRange[]): sheets_v4.Schema$GridData[] {
    return ranges.map((range) => {
      const rowData: sheets_v4.Schema$RowData[] = [];
      for (let r = range.r0; r <= range.r1; r += 1) {
        const values: CellData[] = [];
        for (let c = range.c0; c <= range.c1; c += 1) {
          const cell = sheet.cell(r, c);
          const value = cellValue(cell);
          const text = formatted(cell);
          values.push(
            cell === undefined
              ? {}
              : {
                  ...structuredClone(cell),
                  ...(value === null ? {} : { effectiveValue: extendedValue(value) }),
                  ...(text === undefined ? {} : { formattedValue: text }),
                },
          );
        }
        while (values.length > 0 && Object.keys(values[values.length - 1] ?? {}).length === 0) values.pop();
        rowData.push(values.length === 0 ? {} : { values });
      }
      while (rowData.length > 0 && rowData[rowData.length - 1]?.values === undefined) rowData.pop();
      return {
        ...(range.r0 === 0 ? {} : { startRow: range.r0 }),
        ...(range.c0 === 0 ? {} : { startColumn: range.c0 }),
        ...(rowData.length === 0 ? {} : { rowData }),
        columnMetadata: Array.from({ length: range.c1 - range.c0 + 1 }, (_, i) => ({
          pixelSize: sheet.columnWidths.get(range.c0 + i) ?? 100,
        })),
      };
    });
  }

  private checkCells(before: number, sheets: readonly FakeSheet[], where: string): void {
    const after = this.cellCount(sheets);
    if (after > this.maxCells && after > before) {
      throw new InvalidRequest(
        `${where}This action would increase the number of cells in the workbook above the limit of ${this.maxCells} cells.`,
      );
    }
  }

  private batchUpdate(original: FakeSpreadsheet, request: FakeRequest): Json {
    const body = (isRecord(request.body) ? request.body : {}) as sheets_v4.Schema$BatchUpdateSpreadsheetRequest;
    const requests = body.requests ?? [];
    if (requests.length === 0) throw new InvalidRequest('Must specify at least one request.');
    // Work on a copy and keep it only when every request succeeds: batchUpdate is all or nothing.
    const spreadsheet = copySpreadsheet(original);
    const context = batchContext(spreadsheet);
    const before = this.cellCount(original.sheets);
    const replies = requests.map((entry, i) => {
      const kinds = Object.keys(entry).filter((key) => (entry as Json)[key] !== undefined && (entry as Json)[key] !== null);
      const kind = kinds[0];
      const handler = kind === undefined ? undefined : this.handlers.get(kind);
      const payload = kind === undefined ? undefined : (entry as Json)[kind];
      if (kinds.length !== 1 || kind === undefined || !handler || !isRecord(payload)) {
        throw new InvalidRequest(
          `Invalid requests[${i}]: the Sheets fake does not serve "${kinds.join(', ') || '?'}"; add it with SheetsFake.handle()`,
        );
      }
      try {
        const reply = handler(payload, context) ?? {};
        this.checkCells(before, spreadsheet.sheets, `Invalid requests[${i}].${kind}: `);
        return reply;
      } catch (error) {
        if (error instanceof InvalidRequest && !error.message.startsWith('Invalid requests'))
          throw new InvalidRequest(`Invalid requests[${i}].${kind}: ${error.message}`);
        throw error;
      }
    });
    this.spreadsheets.set(original.spreadsheetId, spreadsheet);
    this.batches.push(structuredClone(requests));
    return {
      spreadsheetId: spreadsheet.spreadsheetId,
      replies,
      ...(body.includeSpreadsheetInResponse === true
        ? { updatedSpreadsheet: this.spreadsheetJson(spreadsheet, [], body.responseIncludeGridData === true) }
        : {}),
    };
  }

  private batchGet(spreadsheet: FakeSpreadsheet, request: FakeRequest): Json {
    const render = request.query.get('valueRenderOption') ?? 'FORMATTED_VALUE';
    if ((request.query.get('majorDimension') ?? 'ROWS') !== 'ROWS') throw new InvalidRequest('the fake serves majorDimension=ROWS only');
    const ranges = request.query.getAll('ranges');
    if (ranges.length === 0) throw new InvalidRequest('ranges is required');
    return {
      spreadsheetId: spreadsheet.spreadsheetId,
      valueRanges: ranges.map((range) => valueRange(resolve(range, spreadsheet), render)),
    };
  }

  private valuesGet(spreadsheet: FakeSpreadsheet, request: FakeRequest, range: string): Json {
    return valueRange(resolve(range, spreadsheet), request.query.get('valueRenderOption') ?? 'FORMATTED_VALUE');
  }

  private bodyOf(request: FakeRequest): Json {
    if (!isRecord(request.body)) throw new InvalidRequest('the request body must be a JSON object');
    return request.body;
  }

  /** values.append: after the last table the range holds, from that table's first column (see detectTable). */
  private append(spreadsheet: FakeSpreadsheet, request: FakeRequest, text: string): Json {
    const input = inputOption(request.query.get('valueInputOption'));
    const insert = request.query.get('insertDataOption') ?? 'OVERWRITE';
    const values = rowsOf(this.bodyOf(request)['values']);
    const range = resolve(text, spreadsheet);
    const { sheet } = range;
    const table = detectTable(range);
    const at = table === undefined ? range.r0 : table.r1 + 1;
    const column = table === undefined ? range.c0 : table.c0;
    // INSERT_ROWS adds a row per value row; OVERWRITE only the rows past the grid's end.
    const added = insert === 'INSERT_ROWS' ? values.length : Math.max(0, at + values.length - sheet.rowCount);
    if (added > 0 && this.cellCount(spreadsheet.sheets) + added * sheet.columnCount > this.maxCells) {
      throw new InvalidRequest(`This action would increase the number of cells in the workbook above the limit of ${this.maxCells} cells.`);
    }
    if (insert === 'INSERT_ROWS') sheet.insertRows(at, values.length);
    else sheet.rowCount += added;
    const updates = writeValues({ sheet, r0: at, c0: column, r1: at + values.length - 1, c1: range.c1 }, values, input, text);
    return {
      spreadsheetId: spreadsheet.spreadsheetId,
      ...(table === undefined ? {} : { tableRange: formatRange(sheet.title, table.r0, table.c0, table.r1, table.c1) }),
      updates: { spreadsheetId: spreadsheet.spreadsheetId, ...updates },
    };
  }

  private valuesBatchUpdate(original: FakeSpreadsheet, request: FakeRequest): Json {
    const body = this.bodyOf(request);
    const input = inputOption(body['valueInputOption']);
    const data = Array.isArray(body['data']) ? body['data'].filter(isRecord) : [];
    // On a copy, so a refused range leaves the spreadsheet as it was.
    const spreadsheet = copySpreadsheet(original);
    const responses = data.map((entry): Json => {
      const text = String(entry['range']);
      return { spreadsheetId: spreadsheet.spreadsheetId, ...writeValues(resolve(text, spreadsheet), rowsOf(entry['values']), input, text) };
    });
    this.spreadsheets.set(original.spreadsheetId, spreadsheet);
    this.valueWrites.push({ valueInputOption: input, data: structuredClone(data) });
    return {
      spreadsheetId: spreadsheet.spreadsheetId,
      totalUpdatedRows: responses.reduce((sum, response) => sum + Number(response['updatedRows']), 0),
      totalUpdatedCells: responses.reduce((sum, response) => sum + Number(response['updatedCells']), 0),
      totalUpdatedSheets: new Set(data.map((entry) => resolve(String(entry['range']), spreadsheet).sheet.title)).size,
      responses,
    };
  }

  private batchClear(spreadsheet: FakeSpreadsheet, request: FakeRequest): Json {
    const body = this.bodyOf(request);
    const ranges = (Array.isArray(body['ranges']) ? body['ranges'] : []).map((range) => resolve(String(range), spreadsheet));
    for (const range of ranges) {
      for (let r = range.r0; r <= Math.min(range.r1, range.sheet.rows.length - 1); r += 1) {
        for (let c = range.c0; c <= range.c1; c += 1) if (range.sheet.cell(r, c) !== undefined) range.sheet.setValue(r, c, null);
      }
    }
    return { spreadsheetId: spreadsheet.spreadsheetId, clearedRanges: ranges.map(a1Of) };
  }
}

/** Seed the fake with grids by tab name, e.g. from a MemorySheetStore's `grid(name)`. */
export function seedSheets(fake: SheetsFake, grids: Iterable<readonly [string, readonly (readonly (FakeCell | null)[])[]]>): void {
  for (const [title, grid] of grids) fake.addSheet(title, grid);
}
