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
import type { GridState, HeaderCellState, SheetState, SpreadsheetState } from './spreadsheet-state.js';

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

/** Where each template column is in row 1 once the batch has run, and that row's width. */
interface HeaderLayout {
  readonly positions: ReadonlyMap<string, number>;
  readonly header: readonly string[];
  /** Template columns row 1 lacks; they go after the last header in use. */
  readonly missing: readonly ColumnDef[];
  readonly start: number;
  readonly width: number;
}

/** What a tab needs beyond the common layout: room in its grid, and requests sent after its decoration. */
interface Extra {
  readonly columns: number;
  readonly dataRows: number;
  readonly requests: readonly sheets_v4.Schema$Request[];
  readonly filledSettings?: true;
}

type TabExtra = (sheet: Sheet, layout: HeaderLayout) => Extra | undefined;

/** The pass-rate chart sits right of the data, so the grid needs one column more than the headers. */
const summaryChartExtra: TabExtra = ({ state }, { positions, width }) =>
  state.chartTitles.includes(CHART_TITLE)
    ? undefined
    : {
        columns: width + 1,
        dataRows: 0,
        requests: [
          { addChart: { chart: summaryChart(state.sheetId, positions.get('item') ?? 1, positions.get('pass_rate') ?? 6, width) } },
        ],
      };

/** An empty Settings tab gets the defaults, so staff see every rule they may change. */
const settingsFillExtra: TabExtra = ({ state, grid }, { positions, width }) =>
  grid.rows.length > 0
    ? undefined
    : { columns: 0, dataRows: SETTINGS.length, requests: [settingsDefaults(state.sheetId, positions, width)], filledSettings: true };

const EXTRAS: ReadonlyMap<string, TabExtra> = new Map([
  [SUMMARY_TAB.name, summaryChartExtra],
  [SETTINGS_TAB.name, settingsFillExtra],
]);

function planTab(
  tab: TabDef,
  sheet: Sheet,
  rowsToWrite: number,
): { requests: sheets_v4.Schema$Request[]; header: string[]; addedHeaders: string[]; filledSettings: boolean } {
  const layout = headerLayout(tab, sheet.grid);
  const extra = EXTRAS.get(tab.name)?.(sheet, layout);
  const requests = [
    ...gridRequests(sheet.state, Math.max(layout.width, extra?.columns ?? 0), 1 + Math.max(rowsToWrite, extra?.dataRows ?? 0)),
    ...sheetPropertyRequests(tab, sheet.state),
    ...headerRequests(tab, sheet, layout),
    ...tab.columns.flatMap((column) =>
      dataColumnRequests(tab, column, sheet.state.sheetId, layout.positions.get(column.key) ?? 0, sheet.grid),
    ),
    ...decorationRequests(tab, sheet.state, layout),
    ...(extra?.requests ?? []),
  ];
  return {
    requests,
    header: [...layout.header],
    addedHeaders: layout.missing.map(headerText),
    filledSettings: extra?.filledSettings === true,
  };
}

function headerLayout(tab: TabDef, grid: GridState): HeaderLayout {
  const existingHeader = grid.header.map((cell) => cell.text);
  const positions = columnPositions(tab, existingHeader);
  const missing = tab.columns.filter((column) => !positions.has(column.key));
  const start = lastNonBlank(existingHeader) + 1;
  missing.forEach((column, i) => positions.set(column.key, start + i));
  const header = [...existingHeader.slice(0, start), ...missing.map(headerText)];
  return { positions, header, missing, start, width: header.length };
}

/** Grow the grid to what the tab needs; never shrink it. */
function gridRequests(state: Sheet['state'], columns: number, rows: number): sheets_v4.Schema$Request[] {
  const requests: sheets_v4.Schema$Request[] = [];
  const { sheetId } = state;
  if (columns > state.columnCount)
    requests.push({ appendDimension: { sheetId, dimension: 'COLUMNS', length: columns - state.columnCount } });
  if (rows > state.rowCount) requests.push({ appendDimension: { sheetId, dimension: 'ROWS', length: rows - state.rowCount } });
  return requests;
}

function sheetPropertyRequests(tab: TabDef, state: Sheet['state']): sheets_v4.Schema$Request[] {
  const properties: sheets_v4.Schema$SheetProperties = { sheetId: state.sheetId };
  const fields: string[] = [];
  if (state.frozenRowCount === 0) {
    properties.gridProperties = { frozenRowCount: 1 };
    fields.push('gridProperties.frozenRowCount');
  }
  if (!state.hasTabColor) {
    properties.tabColorStyle = { rgbColor: TAB_COLOR[tab.role] };
    fields.push('tabColorStyle');
  }
  return fields.length === 0 ? [] : [{ updateSheetProperties: { properties, fields: fields.join(',') } }];
}

/** The missing headers with their notes and widths, then bold and notes for the headers already there. */
function headerRequests(tab: TabDef, { state, grid }: Sheet, { positions, missing, start }: HeaderLayout): sheets_v4.Schema$Request[] {
  const { sheetId } = state;
  const requests: sheets_v4.Schema$Request[] = [];
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
    const request = headerTouchUp(tab, column, grid.header[at], sheetId, at);
    if (request !== undefined) requests.push(request);
  }
  return requests;
}

/** Bold and the note on a header cell that lacks them; what staff set is kept. */
function headerTouchUp(
  tab: TabDef,
  column: ColumnDef,
  cell: HeaderCellState | undefined,
  sheetId: number,
  at: number,
): sheets_v4.Schema$Request | undefined {
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
  if (cellFields.length === 0) return undefined;
  return { updateCells: { start: { sheetId, rowIndex: 0, columnIndex: at }, rows: [{ values: [data] }], fields: cellFields.join(',') } };
}

/** The filter over the header, the warning-only protection of a derived tab, and the tab's highlights. */
function decorationRequests(tab: TabDef, state: Sheet['state'], { positions, width }: HeaderLayout): sheets_v4.Schema$Request[] {
  const { sheetId } = state;
  const requests: sheets_v4.Schema$Request[] = [];
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
  return requests;
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
