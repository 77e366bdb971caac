// The spreadsheets.batchUpdate requests the Sheets fake applies, each checked as the API checks it, on a copy kept only if all apply.
import type { sheets_v4 } from '@googleapis/sheets';
import { InvalidRequest } from '../http-fake.js';
import { fieldPaths, withFields } from './field-mask.js';
import { FakeSheet, nextSheetId, type CellData, type FakeSpreadsheet } from './model.js';

type GridRange = sheets_v4.Schema$GridRange;
type Json = Record<string, unknown>;

/** The spreadsheet a request handler works on: a copy, kept only when every request of the batch succeeds. */
export interface BatchContext {
  readonly spreadsheet: FakeSpreadsheet;
  readonly sheets: FakeSheet[];
  sheet(sheetId: unknown): FakeSheet;
  addSheet(properties: sheets_v4.Schema$SheetProperties): FakeSheet;
}

/** Applies one batchUpdate request (the object under its kind's key) and returns its reply. */
export type BatchRequestHandler = (request: Json, context: BatchContext) => Json | undefined;

export function batchContext(spreadsheet: FakeSpreadsheet): BatchContext {
  const reindex = () => spreadsheet.sheets.forEach((sheet, i) => (sheet.properties.index = i));
  return {
    spreadsheet,
    sheets: spreadsheet.sheets,
    sheet: (sheetId) => {
      const sheet = spreadsheet.sheets.find((candidate) => candidate.sheetId === Number(sheetId ?? 0));
      if (!sheet) throw new InvalidRequest(`No grid with id: ${JSON.stringify(sheetId ?? 0)}`);
      return sheet;
    },
    addSheet: (properties) => {
      const title = properties.title ?? `Sheet${spreadsheet.sheets.length + 1}`;
      if (spreadsheet.sheets.some((sheet) => sheet.title === title))
        throw new InvalidRequest(`A sheet with the name "${title}" already exists. Please enter another name.`);
      const sheetId = properties.sheetId ?? nextSheetId(spreadsheet);
      if (spreadsheet.sheets.some((sheet) => sheet.sheetId === sheetId)) throw new InvalidRequest(`Sheet ID ${sheetId} is already in use`);
      spreadsheet.sheetsMade += 1;
      const index = Math.min(properties.index ?? spreadsheet.sheets.length, spreadsheet.sheets.length);
      const sheet = new FakeSheet({ ...properties, sheetId, title, index });
      spreadsheet.sheets.splice(index, 0, sheet);
      reindex();
      return sheet;
    },
  };
}

/** The cells a GridRange covers, checked against the grid as the API checks them; ends left out run to the grid's edge. */
function cellsOf(context: BatchContext, range: GridRange | undefined) {
  const sheet = context.sheet(range?.sheetId);
  const rows: [number, number] = [range?.startRowIndex ?? 0, range?.endRowIndex ?? sheet.rowCount];
  const columns: [number, number] = [range?.startColumnIndex ?? 0, range?.endColumnIndex ?? sheet.columnCount];
  if (
    rows[0] < 0 ||
    rows[1] > sheet.rowCount ||
    columns[0] < 0 ||
    columns[1] > sheet.columnCount ||
    rows[0] > rows[1] ||
    columns[0] > columns[1]
  ) {
    throw new InvalidRequest(
      `Range (${JSON.stringify(range ?? {})}) exceeds grid limits. Max rows: ${sheet.rowCount}, max columns: ${sheet.columnCount}`,
    );
  }
  return { sheet, rows, columns };
}

function setFields(sheet: FakeSheet, r: number, c: number, source: CellData, fields: unknown): void {
  sheet.set(r, c, withFields(sheet.cell(r, c) ?? {}, source, fields));
}

const updateCells: BatchRequestHandler = (payload, context) => {
  const { rows = [], fields, start, range } = payload as sheets_v4.Schema$UpdateCellsRequest;
  fieldPaths(fields);
  if ((start ? 1 : 0) + (range ? 1 : 0) !== 1) throw new InvalidRequest('Exactly one of start or range must be set.');
  if (start) {
    const sheet = context.sheet(start.sheetId);
    rows.forEach((row, i) =>
      (row.values ?? []).forEach((cell, j) => setFields(sheet, (start.rowIndex ?? 0) + i, (start.columnIndex ?? 0) + j, cell, fields)),
    );
    return undefined;
  }
  const {
    sheet,
    rows: [r0, r1],
    columns: [c0, c1],
  } = cellsOf(context, range ?? undefined);
  if (r0 + rows.length > r1)
    throw new InvalidRequest(`Attempting to write row: ${r0 + rows.length - 1}, beyond the last requested row of: ${r1 - 1}`);
  for (let r = r0; r < r1; r += 1) {
    const cells = rows[r - r0]?.values ?? [];
    if (c0 + cells.length > c1)
      throw new InvalidRequest(`Attempting to write column: ${c0 + cells.length - 1}, beyond the last requested column of: ${c1 - 1}`);
    // Cells of the range the rows leave out have the named fields cleared.
    for (let c = c0; c < c1; c += 1) setFields(sheet, r, c, cells[c - c0] ?? {}, fields);
  }
  return undefined;
};

/** After the last row with data in the whole sheet (any column), from column A, adding rows when the grid is full. */
const appendCells: BatchRequestHandler = (payload, context) => {
  const { sheetId, rows = [], fields } = payload as sheets_v4.Schema$AppendCellsRequest;
  fieldPaths(fields);
  const sheet = context.sheet(sheetId);
  const at = sheet.lastRowWithData() + 1;
  const width = Math.max(0, ...rows.map((row) => (row.values ?? []).length));
  if (width > sheet.columnCount)
    throw new InvalidRequest(`Range exceeds grid limits. Max rows: ${sheet.rowCount}, max columns: ${sheet.columnCount}`);
  if (at + rows.length > sheet.rowCount) sheet.rowCount = at + rows.length;
  rows.forEach((row, i) => (row.values ?? []).forEach((cell, c) => setFields(sheet, at + i, c, cell, fields)));
  return undefined;
};

const updateSheetProperties: BatchRequestHandler = (payload, context) => {
  const { properties = {}, fields } = payload as sheets_v4.Schema$UpdateSheetPropertiesRequest;
  const sheet = context.sheet(properties.sheetId);
  const { rowCount, columnCount } = sheet;
  sheet.properties = withFields(sheet.properties, properties, fields);
  const grid = sheet.properties.gridProperties;
  // Through the setters, so cells past a smaller grid go.
  const [rows, columns] = [grid.rowCount ?? rowCount, grid.columnCount ?? columnCount];
  grid.rowCount = rowCount;
  grid.columnCount = columnCount;
  sheet.rowCount = rows;
  sheet.columnCount = columns;
  if ((grid.frozenRowCount ?? 0) > 0 && (grid.frozenRowCount ?? 0) >= grid.rowCount)
    throw new InvalidRequest("You can't freeze all visible rows on the sheet.");
  return undefined;
};

const appendDimension: BatchRequestHandler = (payload, context) => {
  const { sheetId, dimension, length } = payload as sheets_v4.Schema$AppendDimensionRequest;
  const sheet = context.sheet(sheetId);
  if (!Number.isInteger(length) || (length ?? 0) < 1) throw new InvalidRequest('length must be a positive integer');
  if (dimension === 'ROWS') sheet.rowCount += length ?? 0;
  else if (dimension === 'COLUMNS') sheet.columnCount += length ?? 0;
  else throw new InvalidRequest(`unknown dimension ${String(dimension)}`);
  return undefined;
};

/** Rows only (the store never deletes columns); Google refuses a range past the grid and deleting every unfrozen row. */
const deleteDimension: BatchRequestHandler = (payload, context) => {
  const { range } = payload as sheets_v4.Schema$DeleteDimensionRequest;
  const sheet = context.sheet(range?.sheetId);
  if (range?.dimension !== 'ROWS') throw new InvalidRequest('the Sheets fake deletes ROWS only');
  const start = range.startIndex ?? 0;
  const end = range.endIndex ?? sheet.rowCount;
  if (start < 0 || end > sheet.rowCount || start >= end)
    throw new InvalidRequest(`Invalid range [${start}, ${end}) for a sheet of ${sheet.rowCount} rows`);
  const frozen = sheet.properties.gridProperties.frozenRowCount ?? 0;
  if (sheet.rowCount - (end - start) <= frozen) throw new InvalidRequest("You can't delete all the rows on the sheet.");
  sheet.deleteRows(start, end);
  return undefined;
};

const repeatCell: BatchRequestHandler = (payload, context) => {
  const { range, cell = {}, fields } = payload as sheets_v4.Schema$RepeatCellRequest;
  const { sheet, rows, columns } = cellsOf(context, range ?? undefined);
  for (let r = rows[0]; r < rows[1]; r += 1) for (let c = columns[0]; c < columns[1]; c += 1) setFields(sheet, r, c, cell, fields);
  return undefined;
};

const setDataValidation: BatchRequestHandler = (payload, context) => {
  const { range, rule } = payload as sheets_v4.Schema$SetDataValidationRequest;
  if (rule?.condition?.type === 'ONE_OF_LIST' && (rule.condition.values ?? []).length === 0)
    throw new InvalidRequest('ONE_OF_LIST needs at least one value');
  const { sheet, rows, columns } = cellsOf(context, range ?? undefined);
  for (let r = rows[0]; r < rows[1]; r += 1)
    for (let c = columns[0]; c < columns[1]; c += 1) setFields(sheet, r, c, rule ? { dataValidation: rule } : {}, 'dataValidation');
  return undefined;
};

const updateDimensionProperties: BatchRequestHandler = (payload, context) => {
  const { range, properties, fields } = payload as sheets_v4.Schema$UpdateDimensionPropertiesRequest;
  const sheet = context.sheet(range?.sheetId);
  const count = range?.dimension === 'COLUMNS' ? sheet.columnCount : sheet.rowCount;
  const startIndex = range?.startIndex ?? 0;
  const endIndex = range?.endIndex ?? count;
  if (endIndex > count || startIndex >= endIndex) throw new InvalidRequest(`Invalid dimension range ${startIndex}–${endIndex} of ${count}`);
  if (range?.dimension === 'COLUMNS' && fieldPaths(fields).includes('pixelSize')) {
    for (let i = startIndex; i < endIndex; i += 1) sheet.columnWidths.set(i, properties?.pixelSize ?? 100);
  }
  return undefined;
};

const addProtectedRange: BatchRequestHandler = (payload, context) => {
  const protectedRange = structuredClone((payload as sheets_v4.Schema$AddProtectedRangeRequest).protectedRange ?? {});
  const { sheet } = cellsOf(context, protectedRange.range ?? undefined);
  protectedRange.protectedRangeId ??= context.spreadsheet.nextObjectId++;
  sheet.protectedRanges.push(protectedRange);
  return { addProtectedRange: { protectedRange: structuredClone(protectedRange) } };
};

const addConditionalFormatRule: BatchRequestHandler = (payload, context) => {
  const request = payload as sheets_v4.Schema$AddConditionalFormatRuleRequest;
  const rule = structuredClone(request.rule ?? {});
  const ranges = rule.ranges ?? [];
  if (ranges.length === 0) throw new InvalidRequest('a conditional format rule needs a range');
  if (!rule.booleanRule === !rule.gradientRule)
    throw new InvalidRequest('a conditional format rule needs exactly one of booleanRule, gradientRule');
  for (const range of ranges) cellsOf(context, range);
  context.sheet(ranges[0]?.sheetId).conditionalFormats.splice(request.index ?? 0, 0, rule);
  return undefined;
};

const addChart: BatchRequestHandler = (payload, context) => {
  const chart = structuredClone((payload as sheets_v4.Schema$AddChartRequest).chart ?? {});
  const anchor = chart.position?.overlayPosition?.anchorCell;
  if (!anchor) throw new InvalidRequest('the fake needs an overlay position');
  const sheet = context.sheet(anchor.sheetId);
  if ((anchor.rowIndex ?? 0) >= sheet.rowCount || (anchor.columnIndex ?? 0) >= sheet.columnCount)
    throw new InvalidRequest('the chart anchor is outside the grid');
  const basic = chart.spec?.basicChart;
  if (!basic || (basic.domains ?? []).length === 0 || (basic.series ?? []).length === 0)
    throw new InvalidRequest('a basic chart needs a domain and a series');
  for (const part of [...(basic.domains ?? []).map((d) => d.domain), ...(basic.series ?? []).map((s) => s.series)]) {
    for (const source of part?.sourceRange?.sources ?? []) cellsOf(context, source);
  }
  chart.chartId ??= context.spreadsheet.nextObjectId++;
  sheet.charts.push(chart);
  return { addChart: { chart: structuredClone(chart) } };
};

const setBasicFilter: BatchRequestHandler = (payload, context) => {
  const filter = (payload as sheets_v4.Schema$SetBasicFilterRequest).filter ?? {};
  const { sheet } = cellsOf(context, filter.range ?? undefined);
  sheet.basicFilter = structuredClone(filter);
  return undefined;
};

/** The request kinds the fake serves; tests may add others with SheetsFake.handle(). */
export function defaultHandlers(): Map<string, BatchRequestHandler> {
  return new Map<string, BatchRequestHandler>([
    [
      'addSheet',
      (payload, context) => ({
        addSheet: {
          properties: structuredClone(context.addSheet((payload as sheets_v4.Schema$AddSheetRequest).properties ?? {}).properties),
        },
      }),
    ],
    [
      'deleteSheet',
      (payload, context) => {
        const sheet = context.sheet(payload['sheetId']);
        if (context.sheets.length === 1) throw new InvalidRequest("You can't remove all the sheets in a document.");
        context.sheets.splice(context.sheets.indexOf(sheet), 1);
        context.sheets.forEach((candidate, i) => (candidate.properties.index = i));
        return undefined;
      },
    ],
    ['updateSheetProperties', updateSheetProperties],
    ['appendDimension', appendDimension],
    ['deleteDimension', deleteDimension],
    ['updateCells', updateCells],
    ['appendCells', appendCells],
    ['repeatCell', repeatCell],
    ['setDataValidation', setDataValidation],
    ['updateDimensionProperties', updateDimensionProperties],
    ['addProtectedRange', addProtectedRange],
    ['addConditionalFormatRule', addConditionalFormatRule],
    ['addChart', addChart],
    ['setBasicFilter', setBasicFilter],
  ]);
}
