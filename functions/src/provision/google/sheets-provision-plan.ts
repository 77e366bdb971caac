// Pure planner: the one spreadsheets.batchUpdate that brings a spreadsheet up to the templates, adding only what is missing.
import type { sheets_v4 } from '@googleapis/sheets';
import {
  ALL_TABS,
  SETTINGS,
  SETTINGS_TAB,
  SUMMARY_TAB,
  headerText,
  type ColumnDef,
  type TabDef,
} from '../../../../sheets-templates/index.js';
import { normalizeWord } from '../../core/cells.js';
import {
  CHART_TITLE,
  HEADER_FORMAT_FIELDS,
  NEW_TAB_COLUMNS,
  NEW_TAB_ROWS,
  PROTECTION_DESCRIPTION,
  TAB_COLOR,
  columnPixels,
  headerCell,
  headerFormat,
  highlightSignature,
  highlightsFor,
  noteText,
  numberFormatFor,
  summaryChart,
  validationFor,
} from './sheets-format.js';
import type { GridState, SheetState, SpreadsheetState } from './spreadsheet-state.js';

export interface PlanOptions {
  readonly tabs?: readonly TabDef[];
  /** Data rows this run writes into a tab after the batch (sample data), so its grid is made tall enough. */
  readonly rowsToWrite?: ReadonlyMap<string, number>;
}

export interface TabPlan {
  readonly name: string;
  readonly sheetId: number;
  readonly added: boolean;
  /** Row 1 once the batch has run: the cells that were there, then the template headers that were missing. */
  readonly header: readonly string[];
  readonly addedHeaders: readonly string[];
}

export interface ProvisionPlan {
  /** Empty when the spreadsheet already has everything: then nothing is sent. */
  readonly requests: readonly sheets_v4.Schema$Request[];
  readonly tabs: ReadonlyMap<string, TabPlan>;
  readonly filledSettings: boolean;
}

/** The same names a header cell may carry as the stores accept: full header, either label, or the key. */
function columnPositions(tab: TabDef, header: readonly string[]): Map<string, number> {
  const byName = new Map<string, number>();
  header.forEach((text, i) => {
    const word = normalizeWord(text);
    if (word !== '' && !byName.has(word)) byName.set(word, i);
  });
  const positions = new Map<string, number>();
  for (const column of tab.columns) {
    for (const name of [headerText(column), column.label.zh, column.label.en, column.key]) {
      const at = byName.get(normalizeWord(name));
      if (at !== undefined) {
        positions.set(column.key, at);
        break;
      }
    }
  }
  return positions;
}

/** Data rows of one column: row 2 down to the end of the sheet, however many rows it grows to. */
function dataColumn(sheetId: number, column: number): sheets_v4.Schema$GridRange {
  return { sheetId, startRowIndex: 1, startColumnIndex: column, endColumnIndex: column + 1 };
}

/** Protection of the whole sheet: a range with no bounds (a 0 start is left out of the JSON). */
function protectsWholeSheet(range: sheets_v4.Schema$GridRange | undefined): boolean {
  if (range === undefined) return false;
  return (
    (range.startRowIndex ?? 0) === 0 && (range.startColumnIndex ?? 0) === 0 && range.endRowIndex == null && range.endColumnIndex == null
  );
}

function lastNonBlank(header: readonly string[]): number {
  let last = header.length - 1;
  while (last >= 0 && (header[last] ?? '') === '') last -= 1;
  return last;
}

interface Sheet {
  readonly state: Omit<SheetState, 'grid'>;
  readonly grid: GridState;
  readonly added: boolean;
}

function newSheet(tab: TabDef, sheetId: number, index: number): { sheet: Sheet; request: sheets_v4.Schema$Request } {
  const columnCount = Math.max(NEW_TAB_COLUMNS, tab.columns.length + 1);
  return {
    request: {
      addSheet: {
        properties: {
          sheetId,
          title: tab.name,
          index,
          gridProperties: { rowCount: NEW_TAB_ROWS, columnCount, frozenRowCount: 1 },
          tabColorStyle: { rgbColor: TAB_COLOR[tab.role] },
        },
      },
    },
    sheet: {
      state: {
        sheetId,
        title: tab.name,
        index,
        rowCount: NEW_TAB_ROWS,
        columnCount,
        frozenRowCount: 1,
        hasTabColor: true,
        hasBasicFilter: false,
        protectedRanges: [],
        conditionalFormats: [],
        chartTitles: [],
      },
      grid: { header: [], firstRow: [], rows: [] },
      added: true,
    },
  };
}

/**
 * Plan what is missing. Nothing is ever moved or deleted: missing tabs are added at the end, missing
 * headers after the last header in use, and formats only where none is set — a column whose row 2
 * already has a validation or number format (the template's or staff's own) keeps it.
 */
export function planProvision(state: SpreadsheetState, options: PlanOptions = {}): ProvisionPlan {
  const tabs = options.tabs ?? ALL_TABS;
  const requests: sheets_v4.Schema$Request[] = [];
  const plans = new Map<string, TabPlan>();
  let nextSheetId = Math.max(0, ...state.sheets.map((sheet) => sheet.sheetId)) + 1;
  let nextIndex = state.sheets.length;
  let filledSettings = false;

  for (const tab of tabs) {
    const existing = state.sheets.find((sheet) => sheet.title === tab.name);
    let sheet: Sheet;
    if (existing === undefined) {
      const created = newSheet(tab, nextSheetId, nextIndex);
      nextSheetId += 1;
      nextIndex += 1;
      requests.push(created.request);
      sheet = created.sheet;
    } else {
      if (existing.grid === undefined) throw new Error(`the cells of tab "${tab.name}" were not read; cannot plan its provisioning`);
      sheet = { state: existing, grid: existing.grid, added: false };
    }
    const planned = planTab(tab, sheet, options.rowsToWrite?.get(tab.name) ?? 0);
    requests.push(...planned.requests);
    filledSettings ||= planned.filledSettings;
    plans.set(tab.name, {
      name: tab.name,
      sheetId: sheet.state.sheetId,
      added: sheet.added,
      header: planned.header,
      addedHeaders: planned.addedHeaders,
    });
  }
  return { requests, tabs: plans, filledSettings };
}

function planTab(
  tab: TabDef,
  { state, grid }: Sheet,
  rowsToWrite: number,
): { requests: sheets_v4.Schema$Request[]; header: string[]; addedHeaders: string[]; filledSettings: boolean } {
  const { sheetId } = state;
  const requests: sheets_v4.Schema$Request[] = [];
  const existingHeader = grid.header.map((cell) => cell.text);
  const positions = columnPositions(tab, existingHeader);
  const missing = tab.columns.filter((column) => !positions.has(column.key));
  const start = lastNonBlank(existingHeader) + 1;
  missing.forEach((column, i) => positions.set(column.key, start + i));
  const header = [...existingHeader.slice(0, start), ...missing.map(headerText)];
  const width = header.length;

  const isSummary = tab.name === SUMMARY_TAB.name;
  const needsChart = isSummary && !state.chartTitles.includes(CHART_TITLE);
  // The chart sits right of the data, so the grid needs one column more than the headers.
  const columnsNeeded = needsChart ? width + 1 : width;
  if (columnsNeeded > state.columnCount) {
    requests.push({ appendDimension: { sheetId, dimension: 'COLUMNS', length: columnsNeeded - state.columnCount } });
  }
  const fillSettings = tab.name === SETTINGS_TAB.name && grid.rows.length === 0;
  const rowsNeeded = 1 + Math.max(rowsToWrite, fillSettings ? SETTINGS.length : 0);
  if (rowsNeeded > state.rowCount) {
    requests.push({ appendDimension: { sheetId, dimension: 'ROWS', length: rowsNeeded - state.rowCount } });
  }

  const properties: sheets_v4.Schema$SheetProperties = { sheetId };
  const fields: string[] = [];
  if (state.frozenRowCount === 0) {
    properties.gridProperties = { frozenRowCount: 1 };
    fields.push('gridProperties.frozenRowCount');
  }
  if (!state.hasTabColor) {
    properties.tabColorStyle = { rgbColor: TAB_COLOR[tab.role] };
    fields.push('tabColorStyle');
  }
  if (fields.length > 0) requests.push({ updateSheetProperties: { properties, fields: fields.join(',') } });

  if (missing.length > 0) {
    requests.push({
      updateCells: {
        start: { sheetId, rowIndex: 0, columnIndex: start },
        rows: [{ values: missing.map((column) => headerCell(tab, column)) }],
        fields: `userEnteredValue,note,${HEADER_FORMAT_FIELDS}`,
      },
    });
    for (const column of missing) {
      const at = positions.get(column.key) ?? start;
      requests.push({
        updateDimensionProperties: {
          range: { sheetId, dimension: 'COLUMNS', startIndex: at, endIndex: at + 1 },
          properties: { pixelSize: columnPixels(tab, column) },
          fields: 'pixelSize',
        },
      });
    }
  }
  for (const column of tab.columns) {
    if (missing.includes(column)) continue;
    const at = positions.get(column.key) ?? 0;
    const cell = grid.header[at];
    const note = noteText(column);
    const cellFields: string[] = [];
    const data: sheets_v4.Schema$CellData = {};
    if (cell?.bold !== true) {
      data.userEnteredFormat = headerFormat(tab);
      cellFields.push(HEADER_FORMAT_FIELDS);
    }
    if (note !== undefined && (cell?.note ?? '') === '') {
      data.note = note;
      cellFields.push('note');
    }
    if (cellFields.length > 0) {
      requests.push({
        updateCells: { start: { sheetId, rowIndex: 0, columnIndex: at }, rows: [{ values: [data] }], fields: cellFields.join(',') },
      });
    }
  }

  for (const column of tab.columns) requests.push(...dataColumnRequests(tab, column, sheetId, positions.get(column.key) ?? 0, grid));

  if (!state.hasBasicFilter) {
    requests.push({ setBasicFilter: { filter: { range: { sheetId, startRowIndex: 0, startColumnIndex: 0, endColumnIndex: width } } } });
  }
  if (tab.role === 'derived' && !state.protectedRanges.some((protection) => protectsWholeSheet(protection.range))) {
    // Warning only: staff are told an edit will be overwritten, the functions' own writes are never blocked.
    requests.push({
      addProtectedRange: { protectedRange: { range: { sheetId }, description: PROTECTION_DESCRIPTION, warningOnly: true } },
    });
  }
  for (const highlight of highlightsFor(tab)) {
    const at = positions.get(highlight.column);
    if (at === undefined) continue;
    const signature = highlightSignature(highlight.rule);
    const present = state.conditionalFormats.some(
      (rule) => highlightSignature(rule) === signature && (rule.ranges ?? []).some((range) => (range.startColumnIndex ?? 0) === at),
    );
    if (!present) requests.push({ addConditionalFormatRule: { index: 0, rule: { ...highlight.rule, ranges: [dataColumn(sheetId, at)] } } });
  }
  if (needsChart) {
    requests.push({ addChart: { chart: summaryChart(sheetId, positions.get('item') ?? 1, positions.get('pass_rate') ?? 6, width) } });
  }
  if (fillSettings) requests.push(settingsDefaults(sheetId, positions, width));

  return { requests, header, addedHeaders: missing.map(headerText), filledSettings: fillSettings };
}

function dataColumnRequests(tab: TabDef, column: ColumnDef, sheetId: number, at: number, grid: GridState): sheets_v4.Schema$Request[] {
  const requests: sheets_v4.Schema$Request[] = [];
  const first = grid.firstRow[at];
  // Derived tabs are written by the functions only; a dropdown there would check nobody.
  const rule = tab.role === 'source' ? validationFor(column) : undefined;
  if (rule !== undefined && first?.validation !== true) requests.push({ setDataValidation: { range: dataColumn(sheetId, at), rule } });
  const format = numberFormatFor(tab, column);
  if (format !== undefined && first?.numberFormat !== true) {
    requests.push({
      repeatCell: {
        range: dataColumn(sheetId, at),
        cell: { userEnteredFormat: { numberFormat: format } },
        fields: 'userEnteredFormat.numberFormat',
      },
    });
  }
  return requests;
}

/** The Settings defaults as text cells (stringValue is never parsed as a formula or a number). */
function settingsDefaults(sheetId: number, positions: ReadonlyMap<string, number>, width: number): sheets_v4.Schema$Request {
  const rows = SETTINGS.map((setting) => {
    const values: sheets_v4.Schema$CellData[] = Array.from({ length: width }, () => ({}));
    const put = (key: string, text: string) => {
      const at = positions.get(key);
      if (at !== undefined) values[at] = { userEnteredValue: { stringValue: text } };
    };
    put('key', setting.key);
    put('value', setting.default);
    put('description', `${setting.label.zh} ${setting.label.en}`);
    return { values };
  });
  return { updateCells: { start: { sheetId, rowIndex: 1, columnIndex: 0 }, rows, fields: 'userEnteredValue' } };
}
