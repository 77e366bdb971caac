// Lays a tab definition out as an exceljs worksheet: header, column formats, widths, dropdowns, colours, print setup, protection.
import ExcelJS from 'exceljs';
import {
  ALL_TABS,
  NUMBER_FORMAT,
  SCALE_COLORS,
  SETTINGS,
  SETTINGS_TAB,
  SUMMARY_TAB,
  TONE_COLORS,
  columnWidth,
  headerHeight,
  headerText,
  highlightsOf,
  numberFormatKind,
  validatedRows,
  values,
  type ColumnDef,
  type Highlight,
  type TabDef,
} from '../../../../sheets-templates/index.js';
import { columnToLetter } from '../../core/a1.js';
import { acceptXsdBooleans } from './xlsx-booleans.js';

acceptXsdBooleans();

const SOURCE_FILL = 'FFDDEBF7';
const DERIVED_FILL = 'FFE2EFDA';
/** The last row of a sheet in Excel and LibreOffice: conditional formats cover the whole column. */
const LAST_ROW = 1_048_576;

function validationFor(column: ColumnDef): ExcelJS.DataValidation | undefined {
  const type = column.type;
  const error = `${column.label.zh} ${column.label.en}`;
  switch (type.kind) {
    case 'choice': {
      const list = values(type.choices).join(',');
      // Excel's inline list is limited to 255 characters.
      if (list.length > 255) return undefined;
      return {
        type: 'list',
        allowBlank: !column.required,
        formulae: [`"${list}"`],
        showErrorMessage: true,
        errorTitle: error,
        error: list,
      };
    }
    case 'integer':
    case 'number':
      return {
        type: type.kind === 'integer' ? 'whole' : 'decimal',
        operator: 'between',
        allowBlank: !column.required,
        formulae: [type.min, type.max],
        showErrorMessage: true,
        errorTitle: error,
        error: `${type.min} – ${type.max}`,
      };
    default:
      return undefined;
  }
}

/** exceljs keeps sheet validations in `dataValidations`, which its type declarations leave out. */
export interface SheetValidations {
  model: Record<string, ExcelJS.DataValidation | undefined>;
  add(address: string, validation: ExcelJS.DataValidation): void;
}

export function sheetValidations(sheet: ExcelJS.Worksheet): SheetValidations {
  return (sheet as unknown as { dataValidations: SheetValidations }).dataValidations;
}

/**
 * The style of a column's cells: its number format (the writer gives every new cell its column's style,
 * so a percent or a date shows as one however the row got there).
 */
export function columnStyle(tab: TabDef, column: ColumnDef): Partial<ExcelJS.Style> {
  const kind = numberFormatKind(tab, column);
  // Top-aligned, so a row with a wrapped reason reads from its first line. (Every column then has a style, so
  // exceljs writes its width even when it equals exceljs's own default of 9.)
  // Dates are centred, so a date and the ISO time beside it do not run together.
  const alignment: Partial<ExcelJS.Alignment> = kind === 'date' ? { vertical: 'top', horizontal: 'center' } : { vertical: 'top' };
  return kind === undefined ? { alignment } : { numFmt: NUMBER_FORMAT[kind], alignment };
}

/**
 * The conditional-formatting rules of one highlight (exceljs takes a rule per text). Each rule of a sheet
 * needs a priority of its own: LibreOffice keeps only one of the rules that share one.
 */
function highlightRules(highlight: Highlight, firstPriority: number, letter: string): ExcelJS.ConditionalFormattingRule[] {
  if (highlight.kind === 'scale') {
    return [
      {
        type: 'colorScale',
        priority: firstPriority,
        cfvo: [
          { type: 'num', value: 0 },
          { type: 'num', value: SCALE_COLORS.midpoint },
          { type: 'num', value: 1 },
        ],
        color: [{ argb: `FF${SCALE_COLORS.min}` }, { argb: `FF${SCALE_COLORS.mid}` }, { argb: `FF${SCALE_COLORS.max}` }],
      },
    ];
  }
  const colors = TONE_COLORS[highlight.tone];
  const style: Partial<ExcelJS.Style> = {
    fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: `FF${colors.fill}` } },
    font: { color: { argb: `FF${colors.text}` } },
  };
  return highlight.texts.map((text, i) =>
    highlight.contains
      ? // An expression, not exceljs's containsText, which it writes without the operator LibreOffice needs to apply it.
        { type: 'expression', formulae: [`NOT(ISERROR(SEARCH("${text}",${letter}2)))`], priority: firstPriority + i, style }
      : { type: 'cellIs', operator: 'equal', formulae: [`"${text}"`], priority: firstPriority + i, style },
  );
}

function layOutHeader(sheet: ExcelJS.Worksheet, tab: TabDef): void {
  const header = sheet.getRow(1);
  tab.columns.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.value = headerText(column);
    cell.numFmt = 'General';
    cell.font = { name: 'Calibri', size: 11, bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: tab.role === 'source' ? SOURCE_FILL : DERIVED_FILL } };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    if (column.note) cell.note = `${column.note.zh}\n${column.note.en}`;
  });
  header.height = headerHeight(tab);
}

const FROZEN_HEADER: Partial<ExcelJS.WorksheetView> = { state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' };

function filterHeader(sheet: ExcelJS.Worksheet, tab: TabDef): void {
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: tab.columns.length } };
}

/** Printed, every tab is landscape and one page wide, with its header row on every page. */
function printSetup(sheet: ExcelJS.Worksheet): void {
  sheet.pageSetup = {
    ...sheet.pageSetup,
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: '1:1',
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
  };
}

function highlight(sheet: ExcelJS.Worksheet, tab: TabDef): void {
  // A tab laid out again (its header renewed) gets its rules once, not twice.
  (sheet as unknown as { conditionalFormattings: unknown[] }).conditionalFormattings = [];
  let priority = 1;
  for (const highlight of highlightsOf(tab)) {
    const at = tab.columns.findIndex((column) => column.key === highlight.column);
    if (at < 0) continue;
    const letter = columnToLetter(at + 1);
    const rules = highlightRules(highlight, priority, letter);
    priority += rules.length;
    sheet.addConditionalFormatting({ ref: `${letter}2:${letter}${LAST_ROW}`, rules });
  }
}

/** Put a tab's layout on a worksheet that has no header yet (or whose header is renewed). */
export async function layOutTab(sheet: ExcelJS.Worksheet, tab: TabDef): Promise<void> {
  sheet.columns = tab.columns.map((column) => ({ key: column.key, width: columnWidth(tab, column), style: columnStyle(tab, column) }));
  layOutHeader(sheet, tab);
  sheet.views = [FROZEN_HEADER];
  filterHeader(sheet, tab);
  printSetup(sheet);
  highlight(sheet, tab);
  if (tab.role === 'source') {
    tab.columns.forEach((column, i) => {
      const validation = validationFor(column);
      const letter = columnToLetter(i + 1);
      if (validation) sheetValidations(sheet).add(`${letter}2:${letter}${validatedRows(tab)}`, validation);
    });
  } else {
    await protectDerived(sheet);
  }
}

/** Derived tabs are rewritten by every recompute; protection (no password) tells staff an edit there would be lost. */
export async function protectDerived(sheet: ExcelJS.Worksheet): Promise<void> {
  await sheet.protect('', { selectLockedCells: true, selectUnlockedCells: true, autoFilter: true, sort: true, formatColumns: true });
}

/** Whether a worksheet still carries the sheet protection a derived tab is provisioned with. */
export function isProtected(sheet: ExcelJS.Worksheet): boolean {
  const model = sheet.model as unknown as { sheetProtection?: { sheet?: boolean } | null };
  return model.sheetProtection?.sheet === true;
}

/**
 * Put back what a tab lost since it was provisioned (a program saved it without, or someone removed
 * it): the frozen header, the filter, the print setup and, on a derived tab, the protection. Staff's own
 * additions stay. Returns what was restored; for the workbook writer to call on every save.
 */
export async function keepProvisioned(sheet: ExcelJS.Worksheet, tab: TabDef): Promise<string[]> {
  const restored: string[] = [];
  if (!sheet.views.some((view) => view.state === 'frozen')) {
    sheet.views = [FROZEN_HEADER];
    restored.push('frozen header');
  }
  if (!sheet.autoFilter) {
    filterHeader(sheet, tab);
    restored.push('filter');
  }
  if (sheet.pageSetup.orientation !== 'landscape' || sheet.pageSetup.fitToPage !== true || !sheet.pageSetup.printTitlesRow) {
    printSetup(sheet);
    restored.push('print setup');
  }
  if (tab.role === 'derived' && !isProtected(sheet)) {
    await protectDerived(sheet);
    restored.push('protection');
  }
  return restored;
}

/** Rows of the Summary table a print takes: every section of a large year, and blank pages never. */
const SUMMARY_PRINT_ROWS = 300;

/** Where the Summary chart sits: right of the last column, below the header, at its natural size. */
export function summaryChartAnchor(
  width: number,
  height: number,
): { tl: { col: number; row: number }; ext: { width: number; height: number } } {
  return { tl: { col: SUMMARY_TAB.columns.length + 0.2, row: 1.2 }, ext: { width, height } };
}

/** Place the Summary chart image; exceljs writes it as a drawing with one picture, which the writer replaces after each recompute. */
export function placeSummaryChart(workbook: ExcelJS.Workbook, png: Uint8Array, size: { width: number; height: number }): void {
  const sheet = workbook.getWorksheet(SUMMARY_TAB.name);
  if (!sheet) return;
  // Printed, the Summary is its table, one page wide; beside the chart it would shrink to half. (exceljs writes two
  // print areas as two names, which LibreOffice ignores, so the chart is for the screen.)
  sheet.pageSetup.printArea = `A$1:${columnToLetter(SUMMARY_TAB.columns.length)}$${SUMMARY_PRINT_ROWS}`;
  const image = workbook.addImage({ buffer: Buffer.from(png) as unknown as ExcelJS.Buffer, extension: 'png' });
  sheet.addImage(image, summaryChartAnchor(size.width, size.height));
}

/** A new workbook with every tab laid out and the Settings tab holding the defaults. */
export async function templateWorkbook(tabs: readonly TabDef[] = ALL_TABS): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'cm-training-workflow';
  workbook.created = new Date(0);
  for (const tab of tabs) {
    const sheet = workbook.addWorksheet(tab.name, { properties: { tabColor: { argb: tab.role === 'source' ? 'FF5B9BD5' : 'FF70AD47' } } });
    await layOutTab(sheet, tab);
    if (tab.name === SETTINGS_TAB.name) {
      for (const setting of SETTINGS) sheet.addRow([setting.key, setting.default, `${setting.label.zh} ${setting.label.en}`]);
    }
  }
  return workbook;
}
