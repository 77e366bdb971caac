// What the Summary chart shows, from the Summary rows: one bar per row (overall, courses, branches, instructors), in the tab's order.
import { DateTime } from 'luxon';
import { SCALE_COLORS } from '../../../sheets-templates/index.js';
import { cellText } from './cells.js';
import type { RowRecord } from './table.js';

export type BarTone = 'bad' | 'warn' | 'good' | 'none';

export interface ChartBar {
  readonly label: string;
  /** The pass rate 0–1; null when nothing in that row is graded yet. */
  readonly rate: number | null;
  readonly tone: BarTone;
}

export interface SummaryChartModel {
  readonly title: string;
  /** The headline's last-updated time, or a hint when there is nothing to show yet. */
  readonly subtitle: string;
  readonly bars: readonly ChartBar[];
  /** Rows left out because a section had more than the chart can show legibly (its best ones). */
  readonly omitted: number;
}

export const SUMMARY_CHART_TITLE = '通过率 Pass rate';
/** Bars a section may show; sections arrive worst first, so what is cut is the best of it. */
export const MAX_BARS_PER_SECTION = 20;
/** Below this pass rate a bar is red; below the scale's midpoint amber; otherwise green. */
export const BAD_RATE = 0.6;

export function barTone(rate: number | null): BarTone {
  if (rate === null) return 'none';
  if (rate < BAD_RATE) return 'bad';
  if (rate < SCALE_COLORS.midpoint) return 'warn';
  return 'good';
}

function rateOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function updatedLine(rows: readonly RowRecord[]): string {
  const stamp = rows.map((row) => cellText(row['updated_at'])).find((text) => text !== '');
  if (stamp === undefined) return rows.length === 0 ? '尚无数据，重算后显示 No data yet: shown after a recompute' : '';
  const parsed = DateTime.fromISO(stamp, { setZone: true });
  return `更新时间 Updated at ${parsed.isValid ? parsed.toFormat('yyyy-MM-dd HH:mm') : stamp}`;
}

/** The chart of the Summary rows as the Summary tab holds them (section, item, pass_rate, updated_at). */
export function summaryChartModel(rows: readonly RowRecord[]): SummaryChartModel {
  const bars: ChartBar[] = [];
  const perSection = new Map<string, number>();
  let omitted = 0;
  for (const row of rows) {
    const section = cellText(row['section']);
    const shown = perSection.get(section) ?? 0;
    if (shown >= MAX_BARS_PER_SECTION) {
      omitted += 1;
      continue;
    }
    perSection.set(section, shown + 1);
    const rate = rateOf(row['pass_rate']);
    const item = cellText(row['item']);
    bars.push({ label: section === '' ? item : `${section}｜${item}`, rate, tone: barTone(rate) });
  }
  return { title: SUMMARY_CHART_TITLE, subtitle: updatedLine(rows), bars, omitted };
}

/** A rate as the chart labels it: one decimal, like the tab's 0.0% format. */
export function rateLabel(rate: number | null): string {
  return rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}
