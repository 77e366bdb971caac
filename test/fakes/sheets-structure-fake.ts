// An in-memory Google Sheets for provisioning tests: create, get (ranges, field masks), batchUpdate applying its requests, values writes.
import type { sheets_v4 } from '@googleapis/sheets';
import { type FakeRequest, type FakeResponse, guarded, InvalidRequest, NotFound, type Route } from './http-fake.js';

type CellData = sheets_v4.Schema$CellData;
type GridRange = sheets_v4.Schema$GridRange;
type Request = sheets_v4.Schema$Request;

export interface FakeSheet {
  properties: sheets_v4.Schema$SheetProperties & {
    sheetId: number;
    title: string;
    index: number;
    gridProperties: sheets_v4.Schema$GridProperties & { rowCount: number; columnCount: number };
  };
  /** Cells by `row,column` (0-based). */
  cells: Map<string, CellData>;
  columnWidths: Map<number, number>;
  protectedRanges: sheets_v4.Schema$ProtectedRange[];
  conditionalFormats: sheets_v4.Schema$ConditionalFormatRule[];
  charts: sheets_v4.Schema$EmbeddedChart[];
  basicFilter?: sheets_v4.Schema$BasicFilter;
}

export interface FakeSpreadsheet {
  spreadsheetId: string;
  properties: sheets_v4.Schema$SpreadsheetProperties;
  sheets: FakeSheet[];
  nextObjectId: number;
}

export type SeedCell = string | number | boolean | null;

// ---------- field masks ----------

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

// ---------- A1 notation ----------

interface A1 {
  readonly title: string;
  readonly startRow: number;
  readonly endRow?: number;
  readonly startColumn: number;
  readonly endColumn?: number;
}

function letters(text: string): number {
  let column = 0;
  for (const ch of text) column = column * 26 + (ch.charCodeAt(0) - 64);
  return column - 1;
}

/** `'Tab'`, `'Tab'!1:2`, `'Tab'!A2`, `'Tab'!B3:E3`, `Tab!A:C` — what provisioning sends. */
export function parseA1(range: string): A1 {
  const match = /^(?:'((?:[^']|'')+)'|([^!]+))(?:!(.+))?$/.exec(range);
  if (!match) throw new InvalidRequest(`Unable to parse range: ${range}`);
  const title = match[1] !== undefined ? match[1].replace(/''/g, "'") : (match[2] ?? '');
  const cells = match[3];
  if (cells === undefined) return { title, startRow: 0, startColumn: 0 };
  const part = /^([A-Z]*)(\d*)$/;
  const [from = '', to] = cells.split(':');
  const a = part.exec(from);
  const b = to === undefined ? undefined : part.exec(to);
  if (!a || (to !== undefined && !b)) throw new InvalidRequest(`Unable to parse range: ${range}`);
  const startColumn = a[1] ? letters(a[1]) : 0;
  const startRow = a[2] ? Number(a[2]) - 1 : 0;
  if (b === undefined) return { title, startRow, startColumn, endRow: startRow + 1, endColumn: startColumn + 1 };
  return {
    title,
    startRow,
    startColumn,
    ...(b?.[2] ? { endRow: Number(b[2]) } : {}),
    ...(b?.[1] ? { endColumn: letters(b[1]) + 1 } : {}),
  };
}

// ---------- the fake ----------

const clone = <T>(value: T): T => structuredClone(value);

/** Field paths of a `fields` argument ("*" = every field of the object given). */
function fieldPaths(fields: string | null | undefined): string[] {
  if (fields === undefined || fields === null || fields.trim() === '') throw new InvalidRequest('fields is required');
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
 * sheet only copies its maps, and one value can be shared by every cell of a range.
 */
function withFields<T extends object>(target: T, source: object, fields: string | null | undefined): T {
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
        if (value === undefined) delete copy[key];
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

/** A copy to apply a batch to: maps and lists are copied, their (never mutated) entries shared. */
function snapshot(spreadsheet: FakeSpreadsheet): FakeSpreadsheet {
  return {
    ...spreadsheet,
    properties: clone(spreadsheet.properties),
    sheets: spreadsheet.sheets.map((sheet) => ({
      ...sheet,
      properties: clone(sheet.properties),
      cells: new Map(sheet.cells),
      columnWidths: new Map(sheet.columnWidths),
      protectedRanges: [...sheet.protectedRanges],
      conditionalFormats: [...sheet.conditionalFormats],
      charts: [...sheet.charts],
    })),
  };
}

function isEmptyCell(cell: CellData | undefined): boolean {
  return cell === undefined || Object.keys(cell).length === 0;
}

function formatted(cell: CellData): string | undefined {
  const value = cell.userEnteredValue;
  if (!value) return undefined;
  if (value.stringValue !== undefined && value.stringValue !== null) return value.stringValue;
  if (value.numberValue !== undefined && value.numberValue !== null) return String(value.numberValue);
  if (value.boolValue !== undefined && value.boolValue !== null) return value.boolValue ? 'TRUE' : 'FALSE';
  return undefined;
}

/** Proto3 JSON leaves zero numbers out: a range on sheet 0 from row 0 arrives without those fields. */
function withoutZeros(range: GridRange | undefined): GridRange | undefined {
  if (range === undefined) return undefined;
  return Object.fromEntries(Object.entries(range).filter(([, value]) => value !== 0));
}

export class SheetsStructureFake {
  readonly spreadsheets = new Map<string, FakeSpreadsheet>();
  /** The requests of every batchUpdate that was applied, in order. */
  readonly batches: Request[][] = [];
  /** The data of every values.batchUpdate that was applied, with its valueInputOption. */
  readonly valueWrites: { valueInputOption: string; data: sheets_v4.Schema$ValueRange[] }[] = [];
  private created = 0;

  routes(): Route[] {
    return [
      { method: 'POST', pattern: /^\/v4\/spreadsheets$/, handle: (request) => guarded(() => this.create(request)) },
      {
        method: 'GET',
        pattern: /^\/v4\/spreadsheets\/([^/:]+)$/,
        handle: (request, match) => guarded(() => this.get(this.find(match[1]), request)),
      },
      {
        method: 'POST',
        pattern: /^\/v4\/spreadsheets\/([^/:]+):batchUpdate$/,
        handle: (request, match) => guarded(() => this.batchUpdate(match[1] ?? '', request)),
      },
      {
        method: 'POST',
        pattern: /^\/v4\/spreadsheets\/([^/:]+)\/values:batchUpdate$/,
        handle: (request, match) => guarded(() => this.valuesBatchUpdate(match[1] ?? '', request)),
      },
    ];
  }

  /** A spreadsheet as a person made it: tabs with values only (no formats), the first tab with id 0. */
  seed(spreadsheetId: string, tabs: Readonly<Record<string, readonly (readonly SeedCell[])[]>>): FakeSpreadsheet {
    const spreadsheet: FakeSpreadsheet = {
      spreadsheetId,
      properties: { title: 'seeded', locale: 'zh_CN' },
      sheets: [],
      nextObjectId: 1000,
    };
    Object.entries(tabs).forEach(([title, grid], index) => {
      const sheet = this.newSheet({ sheetId: index, title, index });
      grid.forEach((row, r) =>
        row.forEach((value, c) => {
          if (value !== null) sheet.cells.set(`${r},${c}`, { userEnteredValue: typed(value) });
        }),
      );
      spreadsheet.sheets.push(sheet);
    });
    this.spreadsheets.set(spreadsheetId, spreadsheet);
    return spreadsheet;
  }

  sheet(spreadsheetId: string, title: string): FakeSheet {
    const sheet = this.find(spreadsheetId).sheets.find((candidate) => candidate.properties.title === title);
    if (!sheet) throw new Error(`no tab ${title} in ${spreadsheetId}`);
    return sheet;
  }

  /** A tab's values as a grid of rows (formatted text, '' for blank), up to its last non-blank row and column. */
  values(spreadsheetId: string, title: string): string[][] {
    const sheet = this.sheet(spreadsheetId, title);
    let rows = 0;
    let columns = 0;
    for (const [key, cell] of sheet.cells) {
      if (formatted(cell) === undefined) continue;
      const [r = 0, c = 0] = key.split(',').map(Number);
      rows = Math.max(rows, r + 1);
      columns = Math.max(columns, c + 1);
    }
    return Array.from({ length: rows }, (_, r) =>
      Array.from({ length: columns }, (_, c) => formatted(sheet.cells.get(`${r},${c}`) ?? {}) ?? ''),
    );
  }

  cell(spreadsheetId: string, title: string, row: number, column: number): CellData | undefined {
    return this.sheet(spreadsheetId, title).cells.get(`${row},${column}`);
  }

  private find(spreadsheetId: string | undefined): FakeSpreadsheet {
    const spreadsheet = this.spreadsheets.get(spreadsheetId ?? '');
    if (!spreadsheet) throw new NotFound();
    return spreadsheet;
  }

  private newSheet(properties: sheets_v4.Schema$SheetProperties & { sheetId: number; title: string; index: number }): FakeSheet {
    return {
      properties: {
        ...clone(properties),
        sheetType: 'GRID',
        gridProperties: {
          rowCount: 1000,
          columnCount: 26,
          ...clone(properties.gridProperties ?? {}),
        } as FakeSheet['properties']['gridProperties'],
      },
      cells: new Map(),
      columnWidths: new Map(),
      protectedRanges: [],
      conditionalFormats: [],
      charts: [],
    };
  }

  private create(request: FakeRequest): FakeResponse {
    const body = (request.body ?? {}) as sheets_v4.Schema$Spreadsheet;
    this.created += 1;
    const spreadsheetId = `fake-spreadsheet-${this.created}`;
    const spreadsheet: FakeSpreadsheet = { spreadsheetId, properties: clone(body.properties ?? {}), sheets: [], nextObjectId: 1000 };
    const given = body.sheets && body.sheets.length > 0 ? body.sheets : [{ properties: { sheetId: 0, title: 'Sheet1' } }];
    given.forEach((sheet, index) => {
      const properties = sheet.properties ?? {};
      const title = properties.title ?? `Sheet${index + 1}`;
      if (spreadsheet.sheets.some((existing) => existing.properties.title === title))
        throw new InvalidRequest(`A sheet with the name "${title}" already exists.`);
      spreadsheet.sheets.push(this.newSheet({ ...properties, sheetId: properties.sheetId ?? index, title, index }));
    });
    this.spreadsheets.set(spreadsheetId, spreadsheet);
    return { status: 200, body: this.json(spreadsheet, [], false) };
  }

  private get(spreadsheet: FakeSpreadsheet, request: FakeRequest): FakeResponse {
    const ranges = request.query.getAll('ranges').map(parseA1);
    const fields = request.query.get('fields');
    const mask = fields === null ? undefined : parseFieldMask(fields);
    const sheetsMask = mask?.get('sheets');
    // As the API: grid data only when the mask asks for it, or without a mask when includeGridData is set.
    const withData =
      mask === undefined ? request.query.get('includeGridData') === 'true' : sheetsMask instanceof Map && sheetsMask.has('data');
    for (const range of ranges) {
      if (!spreadsheet.sheets.some((sheet) => sheet.properties.title === range.title))
        throw new InvalidRequest(`Unable to parse range: ${range.title}`);
    }
    const json = this.json(spreadsheet, ranges, withData);
    return { status: 200, body: mask === undefined ? json : project(json, mask) };
  }

  /** The resource as JSON; with `ranges`, only the tabs they name, each with the grid data of its ranges when asked. */
  private json(spreadsheet: FakeSpreadsheet, ranges: readonly A1[], withData: boolean): sheets_v4.Schema$Spreadsheet {
    const sheets = spreadsheet.sheets
      .filter((sheet) => ranges.length === 0 || ranges.some((range) => range.title === sheet.properties.title))
      .map((sheet): sheets_v4.Schema$Sheet => ({
        properties: clone(sheet.properties),
        ...(sheet.protectedRanges.length > 0
          ? { protectedRanges: sheet.protectedRanges.map((p) => ({ ...clone(p), range: withoutZeros(p.range ?? undefined) ?? {} })) }
          : {}),
        ...(sheet.conditionalFormats.length > 0
          ? {
              conditionalFormats: sheet.conditionalFormats.map((rule) => ({
                ...clone(rule),
                ranges: (rule.ranges ?? []).map((r) => withoutZeros(r) ?? {}),
              })),
            }
          : {}),
        ...(sheet.charts.length > 0 ? { charts: clone(sheet.charts) } : {}),
        ...(sheet.basicFilter
          ? { basicFilter: { ...clone(sheet.basicFilter), range: withoutZeros(sheet.basicFilter.range ?? undefined) ?? {} } }
          : {}),
        ...(withData
          ? { data: this.gridData(sheet, ranges.length === 0 ? [{ title: sheet.properties.title, startRow: 0, startColumn: 0 }] : ranges) }
          : {}),
      }));
    return {
      spreadsheetId: spreadsheet.spreadsheetId,
      spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${spreadsheet.spreadsheetId}/edit`,
      properties: clone(spreadsheet.properties),
      sheets,
    };
  }

  private gridData(sheet: FakeSheet, ranges: readonly A1[]): sheets_v4.Schema$GridData[] {
    const { rowCount, columnCount } = sheet.properties.gridProperties;
    return ranges
      .filter((range) => range.title === sheet.properties.title)
      .map((range) => {
        const endRow = Math.min(range.endRow ?? rowCount, rowCount);
        const endColumn = Math.min(range.endColumn ?? columnCount, columnCount);
        const rowData: sheets_v4.Schema$RowData[] = [];
        for (let r = range.startRow; r < endRow; r += 1) {
          const values: CellData[] = [];
          for (let c = range.startColumn; c < endColumn; c += 1) {
            const cell = sheet.cells.get(`${r},${c}`);
            const text = cell === undefined ? undefined : formatted(cell);
            values.push(cell === undefined ? {} : { ...cell, ...(text === undefined ? {} : { formattedValue: text }) });
          }
          while (values.length > 0 && isEmptyCell(values[values.length - 1])) values.pop();
          rowData.push(values.length === 0 ? {} : { values });
        }
        while (rowData.length > 0 && rowData[rowData.length - 1]?.values === undefined) rowData.pop();
        const data: sheets_v4.Schema$GridData = {
          ...(range.startRow === 0 ? {} : { startRow: range.startRow }),
          ...(range.startColumn === 0 ? {} : { startColumn: range.startColumn }),
          ...(rowData.length === 0 ? {} : { rowData }),
          columnMetadata: Array.from({ length: endColumn - range.startColumn }, (_, i) => ({
            pixelSize: sheet.columnWidths.get(range.startColumn + i) ?? 100,
          })),
        };
        return data;
      });
  }

  private batchUpdate(spreadsheetId: string, request: FakeRequest): FakeResponse {
    const original = this.find(spreadsheetId);
    const body = (request.body ?? {}) as sheets_v4.Schema$BatchUpdateSpreadsheetRequest;
    const requests = body.requests ?? [];
    if (requests.length === 0) throw new InvalidRequest('Must specify at least one request.');
    // The API applies a batch whole or not at all: work on a copy and keep it only if every request applies.
    const spreadsheet = snapshot(original);
    const replies = requests.map((entry, i) => {
      try {
        return this.apply(spreadsheet, entry);
      } catch (error) {
        if (error instanceof InvalidRequest)
          throw new InvalidRequest(`Invalid requests[${i}].${Object.keys(entry)[0] ?? ''}: ${error.message}`);
        throw error;
      }
    });
    this.spreadsheets.set(spreadsheetId, spreadsheet);
    this.batches.push(clone(requests));
    return { status: 200, body: { spreadsheetId, replies } };
  }

  private sheetById(spreadsheet: FakeSpreadsheet, sheetId: number | null | undefined): FakeSheet {
    const sheet = spreadsheet.sheets.find((candidate) => candidate.properties.sheetId === (sheetId ?? 0));
    if (!sheet) throw new InvalidRequest(`No grid with id: ${sheetId ?? 0}`);
    return sheet;
  }

  /** Cells a range covers, checked against the grid as the API checks them. */
  private cellsOf(
    spreadsheet: FakeSpreadsheet,
    range: GridRange | undefined,
  ): { sheet: FakeSheet; rows: [number, number]; columns: [number, number] } {
    const sheet = this.sheetById(spreadsheet, range?.sheetId);
    const { rowCount, columnCount } = sheet.properties.gridProperties;
    const rows: [number, number] = [range?.startRowIndex ?? 0, range?.endRowIndex ?? rowCount];
    const columns: [number, number] = [range?.startColumnIndex ?? 0, range?.endColumnIndex ?? columnCount];
    if (rows[0] < 0 || rows[1] > rowCount || columns[0] < 0 || columns[1] > columnCount || rows[0] > rows[1] || columns[0] > columns[1]) {
      throw new InvalidRequest(`Range (${JSON.stringify(range)}) exceeds grid limits. Max rows: ${rowCount}, max columns: ${columnCount}`);
    }
    return { sheet, rows, columns };
  }

  private setCell(sheet: FakeSheet, r: number, c: number, source: CellData, fields: string | null | undefined): void {
    const key = `${r},${c}`;
    const cell = withFields(sheet.cells.get(key) ?? {}, source, fields);
    if (Object.keys(cell).length === 0) sheet.cells.delete(key);
    else sheet.cells.set(key, cell);
  }

  private apply(spreadsheet: FakeSpreadsheet, entry: Request): sheets_v4.Schema$Response {
    const kinds = Object.keys(entry).filter((key) => (entry as Record<string, unknown>)[key] !== undefined);
    if (kinds.length !== 1) throw new InvalidRequest(`a request must have exactly one kind, got ${kinds.join(', ') || 'none'}`);
    if (entry.addSheet) {
      const properties = entry.addSheet.properties ?? {};
      const title = properties.title ?? `Sheet${spreadsheet.sheets.length + 1}`;
      if (spreadsheet.sheets.some((sheet) => sheet.properties.title === title))
        throw new InvalidRequest(`A sheet with the name "${title}" already exists.`);
      const sheetId = properties.sheetId ?? spreadsheet.nextObjectId++;
      if (spreadsheet.sheets.some((sheet) => sheet.properties.sheetId === sheetId))
        throw new InvalidRequest(`Sheet ID ${sheetId} is already in use`);
      const index = Math.min(properties.index ?? spreadsheet.sheets.length, spreadsheet.sheets.length);
      const sheet = this.newSheet({ ...properties, sheetId, title, index });
      spreadsheet.sheets.splice(index, 0, sheet);
      spreadsheet.sheets.forEach((candidate, i) => (candidate.properties.index = i));
      return { addSheet: { properties: clone(sheet.properties) } };
    }
    if (entry.updateSheetProperties) {
      const properties = entry.updateSheetProperties.properties ?? {};
      const sheet = this.sheetById(spreadsheet, properties.sheetId);
      sheet.properties = withFields(sheet.properties, properties, entry.updateSheetProperties.fields);
      const grid = sheet.properties.gridProperties;
      if ((grid.frozenRowCount ?? 0) >= grid.rowCount) throw new InvalidRequest("You can't freeze all visible rows on the sheet.");
      return {};
    }
    if (entry.appendDimension) {
      const { sheetId, dimension, length } = entry.appendDimension;
      const grid = this.sheetById(spreadsheet, sheetId).properties.gridProperties;
      if (!length || length < 1) throw new InvalidRequest('length must be positive');
      if (dimension === 'ROWS') grid.rowCount += length;
      else if (dimension === 'COLUMNS') grid.columnCount += length;
      else throw new InvalidRequest(`unknown dimension ${dimension}`);
      return {};
    }
    if (entry.updateCells) {
      const { rows = [], fields, start, range } = entry.updateCells;
      if (!start || range) throw new InvalidRequest('the fake applies updateCells with start only');
      const sheet = this.sheetById(spreadsheet, start.sheetId);
      const { rowCount, columnCount } = sheet.properties.gridProperties;
      rows.forEach((row, i) =>
        (row.values ?? []).forEach((value, j) => {
          const r = (start.rowIndex ?? 0) + i;
          const c = (start.columnIndex ?? 0) + j;
          if (r >= rowCount || c >= columnCount)
            throw new InvalidRequest(`Range exceeds grid limits. Max rows: ${rowCount}, max columns: ${columnCount}`);
          this.setCell(sheet, r, c, value, fields);
        }),
      );
      return {};
    }
    if (entry.repeatCell) {
      const { sheet, rows, columns } = this.cellsOf(spreadsheet, entry.repeatCell.range);
      for (let r = rows[0]; r < rows[1]; r += 1)
        for (let c = columns[0]; c < columns[1]; c += 1) this.setCell(sheet, r, c, entry.repeatCell.cell ?? {}, entry.repeatCell.fields);
      return {};
    }
    if (entry.setDataValidation) {
      const rule = entry.setDataValidation.rule;
      if (rule?.condition?.type === 'ONE_OF_LIST' && (rule.condition.values ?? []).length === 0)
        throw new InvalidRequest('ONE_OF_LIST needs at least one value');
      const { sheet, rows, columns } = this.cellsOf(spreadsheet, entry.setDataValidation.range);
      for (let r = rows[0]; r < rows[1]; r += 1)
        for (let c = columns[0]; c < columns[1]; c += 1) this.setCell(sheet, r, c, rule ? { dataValidation: rule } : {}, 'dataValidation');
      return {};
    }
    if (entry.updateDimensionProperties) {
      const { range, properties, fields } = entry.updateDimensionProperties;
      const sheet = this.sheetById(spreadsheet, range?.sheetId);
      const count = range?.dimension === 'COLUMNS' ? sheet.properties.gridProperties.columnCount : sheet.properties.gridProperties.rowCount;
      const startIndex = range?.startIndex ?? 0;
      const endIndex = range?.endIndex ?? count;
      if (endIndex > count || startIndex >= endIndex)
        throw new InvalidRequest(`Invalid dimension range ${startIndex}–${endIndex} of ${count}`);
      if (range?.dimension === 'COLUMNS' && fieldPaths(fields).includes('pixelSize')) {
        for (let i = startIndex; i < endIndex; i += 1) sheet.columnWidths.set(i, properties?.pixelSize ?? 100);
      }
      return {};
    }
    if (entry.addProtectedRange) {
      const protectedRange = clone(entry.addProtectedRange.protectedRange ?? {});
      this.cellsOf(spreadsheet, protectedRange.range ?? undefined);
      protectedRange.protectedRangeId ??= spreadsheet.nextObjectId++;
      this.sheetById(spreadsheet, protectedRange.range?.sheetId).protectedRanges.push(protectedRange);
      return { addProtectedRange: { protectedRange: clone(protectedRange) } };
    }
    if (entry.addConditionalFormatRule) {
      const rule = clone(entry.addConditionalFormatRule.rule ?? {});
      const ranges = rule.ranges ?? [];
      if (ranges.length === 0) throw new InvalidRequest('a conditional format rule needs a range');
      if (!rule.booleanRule === !rule.gradientRule)
        throw new InvalidRequest('a conditional format rule needs exactly one of booleanRule, gradientRule');
      for (const range of ranges) this.cellsOf(spreadsheet, range);
      const sheet = this.sheetById(spreadsheet, ranges[0]?.sheetId);
      sheet.conditionalFormats.splice(entry.addConditionalFormatRule.index ?? 0, 0, rule);
      return {};
    }
    if (entry.addChart) {
      const chart = clone(entry.addChart.chart ?? {});
      const anchor = chart.position?.overlayPosition?.anchorCell;
      if (!anchor) throw new InvalidRequest('the fake needs an overlay position');
      const sheet = this.sheetById(spreadsheet, anchor.sheetId);
      const { rowCount, columnCount } = sheet.properties.gridProperties;
      if ((anchor.rowIndex ?? 0) >= rowCount || (anchor.columnIndex ?? 0) >= columnCount)
        throw new InvalidRequest('the chart anchor is outside the grid');
      const basic = chart.spec?.basicChart;
      if (!basic || (basic.domains ?? []).length === 0 || (basic.series ?? []).length === 0)
        throw new InvalidRequest('a basic chart needs a domain and a series');
      for (const part of [...(basic.domains ?? []).map((d) => d.domain), ...(basic.series ?? []).map((s) => s.series)]) {
        for (const source of part?.sourceRange?.sources ?? []) this.cellsOf(spreadsheet, source);
      }
      chart.chartId ??= spreadsheet.nextObjectId++;
      sheet.charts.push(chart);
      return { addChart: { chart: clone(chart) } };
    }
    if (entry.setBasicFilter) {
      const range = entry.setBasicFilter.filter?.range ?? undefined;
      const { sheet } = this.cellsOf(spreadsheet, range);
      sheet.basicFilter = clone(entry.setBasicFilter.filter ?? {});
      return {};
    }
    throw new InvalidRequest(`the fake does not apply ${kinds[0] ?? 'this request'}`);
  }

  private valuesBatchUpdate(spreadsheetId: string, request: FakeRequest): FakeResponse {
    const original = this.find(spreadsheetId);
    const body = (request.body ?? {}) as sheets_v4.Schema$BatchUpdateValuesRequest;
    const option = body.valueInputOption ?? '';
    if (option !== 'RAW' && option !== 'USER_ENTERED') throw new InvalidRequest('valueInputOption is required');
    const spreadsheet = snapshot(original);
    let cells = 0;
    for (const range of body.data ?? []) {
      const a1 = parseA1(range.range ?? '');
      const sheet = spreadsheet.sheets.find((candidate) => candidate.properties.title === a1.title);
      if (!sheet) throw new InvalidRequest(`Unable to parse range: ${range.range ?? ''}`);
      const { rowCount, columnCount } = sheet.properties.gridProperties;
      (range.values ?? []).forEach((row: unknown[], i) =>
        row.forEach((value, j) => {
          if (value === null || value === undefined) return;
          const r = a1.startRow + i;
          const c = a1.startColumn + j;
          if (r >= rowCount || c >= columnCount)
            throw new InvalidRequest(
              `Range (${range.range ?? ''}) exceeds grid limits. Max rows: ${rowCount}, max columns: ${columnCount}`,
            );
          if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
            throw new InvalidRequest(`Invalid value at data[${i}][${j}]`);
          const cell = sheet.cells.get(`${r},${c}`) ?? {};
          sheet.cells.set(`${r},${c}`, { ...cell, userEnteredValue: typed(value) });
          cells += 1;
        }),
      );
    }
    this.spreadsheets.set(spreadsheetId, spreadsheet);
    this.valueWrites.push({ valueInputOption: option, data: clone(body.data ?? []) });
    return { status: 200, body: { spreadsheetId, totalUpdatedCells: cells } };
  }
}

function typed(value: string | number | boolean): sheets_v4.Schema$ExtendedValue {
  if (typeof value === 'number') return { numberValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return { stringValue: value };
}
