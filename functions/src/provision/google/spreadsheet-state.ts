// What provisioning needs to know of a spreadsheet, read from two spreadsheets.get answers: its structure, then rows 1–2 of its tabs.
import type { sheets_v4 } from '@googleapis/sheets';
import { ALL_TABS, type TabDef } from '../../../../sheets-templates/index.js';
import { quoteTab } from '../../core/a1.js';

/** Tabs, protection, highlights, charts and filters; no cell data, so it costs the same for any number of rows. */
export const STRUCTURE_FIELDS =
  'spreadsheetId,spreadsheetUrl,properties.title,' +
  'sheets(properties(sheetId,title,index,gridProperties(rowCount,columnCount,frozenRowCount),tabColorStyle),' +
  'protectedRanges(protectedRangeId,range,warningOnly),conditionalFormats(ranges,booleanRule.condition,gradientRule),' +
  'charts(chartId,spec.title),basicFilter.range)';

/** Cells of the ranges asked for: text, note, whether bold, and whether a number format or a validation is set. */
export const GRID_FIELDS =
  'sheets(properties.title,data(startRow,startColumn,rowData.values(formattedValue,note,userEnteredFormat(textFormat.bold,numberFormat.type),dataValidation.condition.type)))';

export interface HeaderCellState {
  readonly text: string;
  readonly bold: boolean;
  readonly note: string;
}

export interface DataCellState {
  readonly validation: boolean;
  readonly numberFormat: boolean;
}

export interface GridState {
  /** Row 1, up to its last non-blank cell or format. */
  readonly header: readonly HeaderCellState[];
  /** Row 2, which stands for every data row: the provisioning formats data columns whole. */
  readonly firstRow: readonly DataCellState[];
  /** Text of the data rows read (all of them for tabs read whole, else row 2), trailing blank rows left out. */
  readonly rows: readonly (readonly string[])[];
}

export interface SheetState {
  readonly sheetId: number;
  readonly title: string;
  readonly index: number;
  readonly rowCount: number;
  readonly columnCount: number;
  readonly frozenRowCount: number;
  readonly hasTabColor: boolean;
  readonly hasBasicFilter: boolean;
  readonly protectedRanges: readonly sheets_v4.Schema$ProtectedRange[];
  readonly conditionalFormats: readonly sheets_v4.Schema$ConditionalFormatRule[];
  readonly chartTitles: readonly string[];
  /** Undefined when the tab's cells were not read (a tab that is not in the templates). */
  readonly grid?: GridState;
}

export interface SpreadsheetState {
  readonly spreadsheetId: string;
  readonly url: string;
  readonly title: string;
  readonly sheets: readonly SheetState[];
}

/**
 * A1 ranges for the cell read: rows 1–2 of every template tab that exists (headers, and the formats and
 * validation that stand for the data rows), and whole tabs where every row matters (Settings, Forms, or
 * the tabs sample data would be written to, which must be empty).
 */
export function gridRead(
  structure: sheets_v4.Schema$Spreadsheet,
  wholeTabs: ReadonlySet<string>,
  tabs: readonly TabDef[] = ALL_TABS,
): { readonly ranges: readonly string[]; readonly tabs: ReadonlySet<string> } {
  const present = new Set((structure.sheets ?? []).map((sheet) => sheet.properties?.title ?? ''));
  const read = tabs.filter((tab) => present.has(tab.name));
  return {
    ranges: read.map((tab) => (wholeTabs.has(tab.name) ? quoteTab(tab.name) : `${quoteTab(tab.name)}!1:2`)),
    tabs: new Set(read.map((tab) => tab.name)),
  };
}

function cellText(cell: sheets_v4.Schema$CellData | undefined): string {
  return (cell?.formattedValue ?? '').trim();
}

/** The cells of a sheet's grid data as rows from row 1, whatever offsets the answer used (0 is left out in JSON). */
function cellRows(data: readonly sheets_v4.Schema$GridData[]): (sheets_v4.Schema$CellData | undefined)[][] {
  const rows: (sheets_v4.Schema$CellData | undefined)[][] = [];
  for (const grid of data) {
    const startRow = grid.startRow ?? 0;
    const startColumn = grid.startColumn ?? 0;
    (grid.rowData ?? []).forEach((row, r) => {
      const target = (rows[startRow + r] ??= []);
      (row.values ?? []).forEach((cell, c) => {
        target[startColumn + c] = cell;
      });
    });
  }
  // Rows above the first range read are holes; make them empty rows so every row can be indexed.
  return Array.from(rows, (row) => row ?? []);
}

function gridState(data: readonly sheets_v4.Schema$GridData[]): GridState {
  const rows = cellRows(data);
  const header = Array.from(rows[0] ?? [], (cell) => ({
    text: cellText(cell),
    bold: cell?.userEnteredFormat?.textFormat?.bold === true,
    note: (cell?.note ?? '').trim(),
  }));
  const firstRow = Array.from(rows[1] ?? [], (cell) => ({
    validation: cell?.dataValidation?.condition?.type !== undefined && cell.dataValidation.condition.type !== null,
    numberFormat: cell?.userEnteredFormat?.numberFormat?.type !== undefined && cell.userEnteredFormat.numberFormat.type !== null,
  }));
  const text = rows.slice(1).map((row) => Array.from(row, cellText));
  while (text.length > 0 && (text[text.length - 1] ?? []).every((cell) => cell === '')) text.pop();
  return { header, firstRow, rows: text };
}

/**
 * Merge the structure answer and the cell answer into one state. `readTabs` are the tabs whose cells
 * were asked for: one the answer leaves out has no cells at all (a tab just created is read as empty
 * without asking).
 */
export function spreadsheetState(
  structure: sheets_v4.Schema$Spreadsheet,
  cells: sheets_v4.Schema$Spreadsheet | undefined,
  readTabs: ReadonlySet<string>,
): SpreadsheetState {
  const grids = new Map<string, sheets_v4.Schema$GridData[]>();
  for (const sheet of cells?.sheets ?? []) {
    const title = sheet.properties?.title;
    if (title === undefined || title === null) continue;
    grids.set(title, [...(grids.get(title) ?? []), ...(sheet.data ?? [])]);
  }
  const sheets = (structure.sheets ?? []).map((sheet): SheetState => {
    const properties = sheet.properties ?? {};
    const title = properties.title ?? '';
    const grid = grids.get(title) ?? (readTabs.has(title) ? [] : undefined);
    return {
      sheetId: properties.sheetId ?? 0,
      title,
      index: properties.index ?? 0,
      rowCount: properties.gridProperties?.rowCount ?? 0,
      columnCount: properties.gridProperties?.columnCount ?? 0,
      frozenRowCount: properties.gridProperties?.frozenRowCount ?? 0,
      hasTabColor: properties.tabColorStyle !== undefined && properties.tabColorStyle !== null,
      hasBasicFilter: sheet.basicFilter !== undefined && sheet.basicFilter !== null,
      protectedRanges: sheet.protectedRanges ?? [],
      conditionalFormats: sheet.conditionalFormats ?? [],
      chartTitles: (sheet.charts ?? []).map((chart) => chart.spec?.title ?? ''),
      ...(grid === undefined ? {} : { grid: gridState(grid) }),
    };
  });
  return {
    spreadsheetId: structure.spreadsheetId ?? '',
    url: structure.spreadsheetUrl ?? '',
    title: structure.properties?.title ?? '',
    sheets,
  };
}
