// What a tab looks like in Google Sheets, from its template: header format, widths, dropdowns, number formats, highlights, chart.
import type { sheets_v4 } from '@googleapis/sheets';
import { GRADES_TAB, SUMMARY_TAB, headerText, values, type ColumnDef, type TabDef } from '../../../../sheets-templates/index.js';

type Color = sheets_v4.Schema$Color;

function rgb(hex: string): Color {
  const channel = (at: number) => Math.round((parseInt(hex.slice(at, at + 2), 16) / 255) * 1000) / 1000;
  return { red: channel(0), green: channel(2), blue: channel(4) };
}

/** The same colours as the local workbook: blue for tabs people write, green for tabs functions write. */
export const TAB_COLOR = { source: rgb('5B9BD5'), derived: rgb('70AD47') } as const;
const HEADER_FILL = { source: rgb('DDEBF7'), derived: rgb('E2EFDA') } as const;
const BAD = { background: rgb('F4CCCC'), text: rgb('990000') };
const GOOD = { background: rgb('D9EAD3'), text: rgb('274E13') };

/** Rows a new tab gets; Sheets' own default. */
export const NEW_TAB_ROWS = 1000;
export const NEW_TAB_COLUMNS = 26;

/** Fields of a header cell's format the provisioning sets; bold is the one it checks for. */
export const HEADER_FORMAT_FIELDS =
  'userEnteredFormat.textFormat.bold,userEnteredFormat.backgroundColor,userEnteredFormat.wrapStrategy,userEnteredFormat.verticalAlignment';

export function headerFormat(tab: TabDef): sheets_v4.Schema$CellFormat {
  return { textFormat: { bold: true }, backgroundColor: HEADER_FILL[tab.role], wrapStrategy: 'WRAP', verticalAlignment: 'MIDDLE' };
}

/** The header cell of a column: its text, bold, and its note in both languages. */
export function headerCell(tab: TabDef, column: ColumnDef): sheets_v4.Schema$CellData {
  const note = noteText(column);
  return {
    userEnteredValue: { stringValue: headerText(column) },
    userEnteredFormat: headerFormat(tab),
    ...(note === undefined ? {} : { note }),
  };
}

export function noteText(column: ColumnDef): string | undefined {
  return column.note === undefined ? undefined : `${column.note.zh}\n${column.note.en}`;
}

/** Template widths are in characters, as Excel counts them; Sheets counts pixels. */
export function columnPixels(column: ColumnDef): number {
  return Math.round((column.width ?? 14) * 8 + 8);
}

/** Rates (keys ending in _rate, 0–1) are shown as percentages; the stored value stays the fraction. */
function isRate(column: ColumnDef): boolean {
  return column.type.kind === 'number' && column.type.min === 0 && column.type.max === 1 && column.key.endsWith('_rate');
}

/**
 * Number format of a column's data cells. Dates and times match what the functions write as text
 * (ISO), so a date staff type in reads back in the same form.
 */
export function numberFormatFor(column: ColumnDef): sheets_v4.Schema$NumberFormat | undefined {
  const type = column.type;
  switch (type.kind) {
    case 'date':
      return { type: 'DATE', pattern: 'yyyy-mm-dd' };
    case 'datetime':
      return { type: 'DATE_TIME', pattern: 'yyyy-mm-dd"T"hh:mm:ss' };
    case 'number':
      if (isRate(column)) return { type: 'PERCENT', pattern: '0.0%' };
      // Scores and totals: one decimal, as the grading engine rounds them.
      if (type.min === 0 && type.max === 100) return { type: 'NUMBER', pattern: '0.0' };
      return undefined;
    default:
      return undefined;
  }
}

/**
 * Data validation of a column's data cells. A dropdown refuses other text, except a multi-choice
 * column, whose cells hold several values separated by commas (Sheets' list check would reject them).
 * Number ranges only warn, because people also type "80%" or full-width digits the functions accept.
 */
export function validationFor(column: ColumnDef): sheets_v4.Schema$DataValidationRule | undefined {
  const type = column.type;
  switch (type.kind) {
    case 'choice':
    case 'choices':
      return {
        condition: { type: 'ONE_OF_LIST', values: values(type.choices).map((value) => ({ userEnteredValue: value })) },
        strict: type.kind === 'choice',
        showCustomUi: type.kind === 'choice',
        ...(type.kind === 'choices' ? { inputMessage: `${headerText(column)}: ${values(type.choices).join(',')}` } : {}),
      };
    case 'integer':
    case 'number':
      return {
        condition: { type: 'NUMBER_BETWEEN', values: [{ userEnteredValue: String(type.min) }, { userEnteredValue: String(type.max) }] },
        strict: false,
      };
    default:
      return undefined;
  }
}

/** A highlight on one column of a tab; `condition` identifies it when looking for it in a sheet. */
export interface Highlight {
  readonly column: string;
  readonly rule: Omit<sheets_v4.Schema$ConditionalFormatRule, 'ranges'>;
}

function textIs(column: string, text: string, colors: typeof BAD): Highlight {
  return {
    column,
    rule: {
      booleanRule: {
        condition: { type: 'TEXT_EQ', values: [{ userEnteredValue: text }] },
        format: { backgroundColor: colors.background, textFormat: { foregroundColor: colors.text } },
      },
    },
  };
}

/** Grades: failures and missing work in red, excellence in green; Summary: pass rate from red to green. */
export function highlightsFor(tab: TabDef): readonly Highlight[] {
  if (tab.name === GRADES_TAB.name) {
    return [
      textIs('status', '补考', BAD),
      textIs('status', '重修/辅导', BAD),
      textIs('status', '缺考', BAD),
      textIs('status', '优秀', GOOD),
      textIs('band', '不合格', BAD),
      textIs('band', '优秀', GOOD),
    ];
  }
  if (tab.name === SUMMARY_TAB.name) {
    return [
      {
        column: 'pass_rate',
        rule: {
          gradientRule: {
            minpoint: { type: 'NUMBER', value: '0', color: BAD.background },
            midpoint: { type: 'NUMBER', value: '0.8', color: rgb('FFF2CC') },
            maxpoint: { type: 'NUMBER', value: '1', color: GOOD.background },
          },
        },
      },
    ];
  }
  return [];
}

/** How an existing rule is recognised as one of ours: its kind and condition, not its colours (people may recolour). */
export function highlightSignature(rule: sheets_v4.Schema$ConditionalFormatRule): string {
  if (rule.gradientRule) return 'gradient';
  const condition = rule.booleanRule?.condition;
  return `${condition?.type ?? ''}:${(condition?.values ?? []).map((value) => value.userEnteredValue ?? '').join('|')}`;
}

export const CHART_TITLE = '通过率 Pass rate';

function summaryHeader(key: string): string {
  const column = SUMMARY_TAB.columns.find((c) => c.key === key);
  return column === undefined ? key : headerText(column);
}

/** The Summary chart: pass rate per row (overall, then each course, branch and instructor), worst first. */
export function summaryChart(
  sheetId: number,
  itemColumn: number,
  passRateColumn: number,
  anchorColumn: number,
): sheets_v4.Schema$EmbeddedChart {
  const column = (index: number): sheets_v4.Schema$ChartData => ({
    sourceRange: { sources: [{ sheetId, startRowIndex: 0, startColumnIndex: index, endColumnIndex: index + 1 }] },
  });
  return {
    spec: {
      title: CHART_TITLE,
      basicChart: {
        chartType: 'COLUMN',
        legendPosition: 'NO_LEGEND',
        headerCount: 1,
        axis: [
          { position: 'BOTTOM_AXIS', title: summaryHeader('item') },
          { position: 'LEFT_AXIS', title: summaryHeader('pass_rate') },
        ],
        domains: [{ domain: column(itemColumn) }],
        series: [{ series: column(passRateColumn), targetAxis: 'LEFT_AXIS' }],
      },
    },
    position: { overlayPosition: { anchorCell: { sheetId, rowIndex: 1, columnIndex: anchorColumn }, widthPixels: 720, heightPixels: 360 } },
  };
}

export const PROTECTION_DESCRIPTION =
  '由函数计算，手工修改会被下次重算覆盖 Computed by the functions: edits are overwritten by the next recompute';
