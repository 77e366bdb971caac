// How a tab looks, derived from its definition: number formats, widths, header height, highlights and print setup, for every backend.
import { GRADES_TAB, RETAKES_TAB, SUMMARY_TAB } from './tabs.js';
import type { ColumnDef, TabDef } from './types.js';
import { BANDS, COURSE_STATUSES, RETAKE_REASONS, values } from './vocab.js';

/** Number format codes; Excel, LibreOffice and Google Sheets read them alike. */
export const NUMBER_FORMAT = {
  percent: '0.0%',
  decimal: '0.0',
  date: 'yyyy-mm-dd',
} as const;

export type NumberFormatKind = keyof typeof NUMBER_FORMAT;

/** Rates (keys ending in _rate, 0–1) are shown as percentages; the stored value stays the fraction. */
export function isRate(column: ColumnDef): boolean {
  return column.type.kind === 'number' && column.type.min === 0 && column.type.max === 1 && column.key.endsWith('_rate');
}

/**
 * The number format of a column's data cells. Scores, totals and averages show one decimal (the grading
 * engine rounds them so); in a source tab only scores do, so a weight or hours typed by staff show as typed.
 * Date-times stay ISO text with their offset: a zone-less date serial could not hold the instant.
 */
export function numberFormatKind(tab: TabDef, column: ColumnDef): NumberFormatKind | undefined {
  const type = column.type;
  if (type.kind === 'date') return 'date';
  if (type.kind !== 'number') return undefined;
  if (isRate(column)) return 'percent';
  if (tab.role === 'derived' || (type.min === 0 && type.max === 100)) return 'decimal';
  return undefined;
}

/**
 * Width of text in spreadsheet character units, and in terminal columns: a CJK or full-width character
 * takes two, anything else one. (Column widths count the digit "0" of the default font.)
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** Bold header text is wider than body text; the cell also needs a little padding on each side. */
const BOLD = 1.15;
const PADDING = 2;

/** The widest text of fixed shape a column holds: a choice, a formatted number or a date. */
function contentWidth(tab: TabDef, column: ColumnDef): number {
  const type = column.type;
  if (type.kind === 'choice') return Math.max(...values(type.choices).map(displayWidth));
  if (type.kind === 'date') return 10;
  if (type.kind === 'datetime') return 25;
  if (type.kind === 'number' || type.kind === 'integer') {
    const kind = numberFormatKind(tab, column);
    if (kind === 'percent') return '100.0%'.length;
    return String(type.max).length + (kind === 'decimal' ? 2 : 0);
  }
  return 0;
}

/**
 * Column width in characters: the template's, widened so the Chinese header stays on one line, no
 * English header word is broken, and no choice, date or formatted number is cut.
 */
export function columnWidth(tab: TabDef, column: ColumnDef): number {
  const header = Math.max(displayWidth(column.label.zh), ...column.label.en.split(/\s+/).map(displayWidth)) * BOLD;
  const needed = Math.max(header, contentWidth(tab, column)) + PADDING;
  return Math.max(column.width ?? 14, Math.ceil(needed));
}

/** Lines the header of a column takes when wrapped at its width: the Chinese label, then the English words. */
export function headerLines(tab: TabDef, column: ColumnDef): number {
  const room = columnWidth(tab, column) - PADDING;
  const words = [column.label.zh, ...column.label.en.split(/\s+/)];
  let lines = 1;
  let used = 0;
  for (const word of words) {
    const width = displayWidth(word) * BOLD;
    if (used > 0 && used + 1 + width > room) {
      lines += 1;
      used = width;
    } else used += used > 0 ? 1 + width : width;
  }
  return lines;
}

/** Height of the header row in points: every header's wrapped lines fit (a CJK line of 11-point text needs about 16). */
export function headerHeight(tab: TabDef): number {
  const lines = Math.max(2, ...tab.columns.map((column) => headerLines(tab, column)));
  return lines * 16 + 4;
}

/** Tones of a highlight: failing work and excellence, the same colours everywhere. */
export type Tone = 'bad' | 'good';

export const TONE_COLORS: Readonly<Record<Tone, { readonly fill: string; readonly text: string }>> = {
  bad: { fill: 'F4CCCC', text: '990000' },
  good: { fill: 'D9EAD3', text: '274E13' },
};

/** A red → amber → green scale: the pass rate below the usual attendance bar reads as a warning. */
export const SCALE_COLORS = { min: 'F4CCCC', mid: 'FFF2CC', max: 'D9EAD3', midpoint: 0.8 } as const;

export type Highlight =
  /** Cells equal to one of the texts (`contains`: that hold one, for multi-choice cells). */
  | { readonly kind: 'text'; readonly column: string; readonly texts: readonly string[]; readonly tone: Tone; readonly contains?: true }
  /** A 0–1 rate shaded from red to green. */
  | { readonly kind: 'scale'; readonly column: string };

/** Statuses of a course result that need action: a retake, re-training, or missing work. */
export const FAILING_STATUSES: readonly string[] = ['补考', '重修/辅导', '缺考'];
export const FAILING_BANDS: readonly string[] = ['不合格'];
export const EXCELLENT = '优秀';

/** Which cells of a tab are coloured and why: failing results one colour, excellence another, the pass rate on a scale. */
export function highlightsOf(tab: TabDef): readonly Highlight[] {
  switch (tab.name) {
    case GRADES_TAB.name:
      return [
        { kind: 'text', column: 'status', texts: FAILING_STATUSES, tone: 'bad' },
        { kind: 'text', column: 'status', texts: [EXCELLENT], tone: 'good' },
        { kind: 'text', column: 'band', texts: FAILING_BANDS, tone: 'bad' },
        { kind: 'text', column: 'band', texts: [EXCELLENT], tone: 'good' },
      ];
    case RETAKES_TAB.name:
      return [{ kind: 'text', column: 'reasons', texts: values(RETAKE_REASONS), tone: 'bad', contains: true }];
    case SUMMARY_TAB.name:
      return [{ kind: 'scale', column: 'pass_rate' }];
    default:
      return [];
  }
}

/** The vocabularies the highlight texts must belong to; a test checks them, so a relabelled status cannot silently lose its colour. */
export const HIGHLIGHT_VOCABULARY = { status: COURSE_STATUSES, band: BANDS, reasons: RETAKE_REASONS } as const;

/**
 * Rows that carry dropdowns in a source tab of the local workbook: the sample year's rows with room for
 * at least another year at that scale (Attendance has 1,241 sample rows, Scores 413). Bounded because
 * exceljs expands a validated range cell by cell when it reads the file: every 10,000 cells cost a read
 * about 25 ms. A row past the bound still reads and validates as any other; only the dropdown is missing.
 */
export const VALIDATED_ROWS: Readonly<Record<string, number>> = { Attendance: 5_000, Scores: 2_000, Evaluations: 2_000 };
export const DEFAULT_VALIDATED_ROWS = 1_000;

export function validatedRows(tab: TabDef): number {
  return VALIDATED_ROWS[tab.name] ?? DEFAULT_VALIDATED_ROWS;
}
