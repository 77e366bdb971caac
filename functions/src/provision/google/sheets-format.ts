// What a tab looks like in Google Sheets, from its template: header format, widths, dropdowns, number formats, highlights, chart.
import type { sheets_v4 } from '@googleapis/sheets';
import {
  NUMBER_FORMAT,
  SCALE_COLORS,
  SUMMARY_TAB,
  TONE_COLORS,
  columnWidth,
  headerText,
  highlightsOf,
  numberFormatKind,
  values,
  type ColumnDef,
  type Highlight as TabHighlight,
  type TabDef,
  type Tone,
} from '../../../../sheets-templates/index.js';
import { SUMMARY_CHART_TITLE } from '../../core/summary-chart.js';

type Color = sheets_v4.Schema$Color;

function rgb(hex: string): Color {
  const channel = (at: number) => Math.round((parseInt(hex.slice(at, at + 2), 16) / 255) * 1000) / 1000;
  return { red: channel(0), green: channel(2), blue: channel(4) };
}

/** The same colours as the local workbook: blue for tabs people write, green for tabs functions write. */
export const TAB_COLOR = { source: rgb('5B9BD5'), derived: rgb('70AD47') } as const;
const HEADER_FILL = { source: rgb('DDEBF7'), derived: rgb('E2EFDA') } as const;

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

/** Template widths are in characters, as Excel counts them (widened as the local workbook widens them); Sheets counts pixels. */
export function columnPixels(tab: TabDef, column: ColumnDef): number {
  return Math.round(columnWidth(tab, column) * 8 + 8);
}

/**
 * Number format of a column's data cells, the same as the local workbook's (sheets-templates/formats.ts).
 * Date-times match what the functions write as text (ISO), so one staff type in reads back in the same form.
 */
export function numberFormatFor(tab: TabDef, column: ColumnDef): sheets_v4.Schema$NumberFormat | undefined {
  if (column.type.kind === 'datetime') return { type: 'DATE_TIME', pattern: 'yyyy-mm-dd"T"hh:mm:ss' };
  switch (numberFormatKind(tab, column)) {
    case 'date':
      return { type: 'DATE', pattern: NUMBER_FORMAT.date };
    case 'percent':
      return { type: 'PERCENT', pattern: NUMBER_FORMAT.percent };
    case 'decimal':
      return { type: 'NUMBER', pattern: NUMBER_FORMAT.decimal };
    case undefined:
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

const TONES: Readonly<Record<Tone, { background: Color; text: Color }>> = {
  bad: { background: rgb(TONE_COLORS.bad.fill), text: rgb(TONE_COLORS.bad.text) },
  good: { background: rgb(TONE_COLORS.good.fill), text: rgb(TONE_COLORS.good.text) },
};

/** The Sheets rules of one of a tab's highlights (sheets-templates/formats.ts): one rule per text. */
function sheetsRules(highlight: TabHighlight): Highlight[] {
  if (highlight.kind === 'scale') {
    return [
      {
        column: highlight.column,
        rule: {
          gradientRule: {
            minpoint: { type: 'NUMBER', value: '0', color: rgb(SCALE_COLORS.min) },
            midpoint: { type: 'NUMBER', value: String(SCALE_COLORS.midpoint), color: rgb(SCALE_COLORS.mid) },
            maxpoint: { type: 'NUMBER', value: '1', color: rgb(SCALE_COLORS.max) },
          },
        },
      },
    ];
  }
  const colors = TONES[highlight.tone];
  return highlight.texts.map((text) => ({
    column: highlight.column,
    rule: {
      booleanRule: {
        condition: { type: highlight.contains ? 'TEXT_CONTAINS' : 'TEXT_EQ', values: [{ userEnteredValue: text }] },
        format: { backgroundColor: colors.background, textFormat: { foregroundColor: colors.text } },
      },
    },
  }));
}

/** Grades: failures and missing work in red, excellence in green; Retakes: every reason in red; Summary: pass rate from red to green. */
export function highlightsFor(tab: TabDef): readonly Highlight[] {
  return highlightsOf(tab).flatMap(sheetsRules);
}

/** How an existing rule is recognised as one of ours: its kind and condition, not its colours (people may recolour). */
export function highlightSignature(rule: sheets_v4.Schema$ConditionalFormatRule): string {
  if (rule.gradientRule) return 'gradient';
  const condition = rule.booleanRule?.condition;
  return `${condition?.type ?? ''}:${(condition?.values ?? []).map((value) => value.userEnteredValue ?? '').join('|')}`;
}

/** The same title as the local workbook's chart image. */
export const CHART_TITLE = SUMMARY_CHART_TITLE;

function summaryHeader(key: string): string {
  const column = SUMMARY_TAB.columns.find((c) => c.key === key);
  return column === undefined ? key : headerText(column);
}

/**
 * The Summary chart, with what the local workbook's image shows: a horizontal bar of the pass rate of every
 * Summary row (overall, then each course, branch and instructor, worst first), 0 to 100 %.
 */
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
        // In a bar chart the left axis holds the items and the bottom axis the values.
        chartType: 'BAR',
        legendPosition: 'NO_LEGEND',
        headerCount: 1,
        axis: [
          { position: 'LEFT_AXIS', title: summaryHeader('item') },
          { position: 'BOTTOM_AXIS', title: summaryHeader('pass_rate'), viewWindowOptions: { viewWindowMin: 0, viewWindowMax: 1 } },
        ],
        domains: [{ domain: column(itemColumn) }],
        series: [{ series: column(passRateColumn), targetAxis: 'BOTTOM_AXIS' }],
      },
    },
    position: { overlayPosition: { anchorCell: { sheetId, rowIndex: 1, columnIndex: anchorColumn }, widthPixels: 960, heightPixels: 820 } },
  };
}

export const PROTECTION_DESCRIPTION =
  '由函数计算，手工修改会被下次重算覆盖 Computed by the functions: edits are overwritten by the next recompute';
