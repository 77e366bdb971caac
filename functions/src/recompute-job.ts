// The recompute job: one batched read of the source tabs, the pure grading engine, one batched write of every derived tab.
import { ARCHIVE_TAB, GRADES_TAB, PLAN_TAB, REJECTED_TAB, RETAKES_TAB, SUMMARY_TAB } from '../../sheets-templates/index.js';
import { cellText } from './core/cells.js';
import { recompute, toTabRows, type RecomputeResult } from './core/grading/recompute.js';
import type { InvalidRow } from './core/model.js';
import { renderProblems, type Language } from './core/problems.js';
import { readSourceRows, SOURCE_TAB_NAMES } from './core/source-data.js';
import type { SheetRow, Table } from './core/table.js';
import type { Clock, RowRecord, SheetStore } from './ports.js';
import { rejectedTabLock } from './rejected-lock.js';

export interface RecomputeReport {
  readonly grades: number;
  readonly retakes: number;
  readonly archive: number;
  readonly summary: number;
  /** Source rows (and Plan courses) that could not be used, now listed in Rejected. */
  readonly rejectedRows: number;
  readonly result: RecomputeResult;
}

/** The rows of Rejected that a recompute owns: those about sheet rows, not form submissions. */
function isTabRejection(row: SheetRow): boolean {
  return cellText(row.values['source']) === 'tab';
}

/** Rejected rows for source rows grading could not use; an unchanged problem keeps its first rejected_at. */
export function tabRejections(
  invalid: readonly InvalidRow[],
  coursesUnusable: readonly { course_id: string; field: string; message_zh: string; message_en: string }[],
  courseRows: ReadonlyMap<string, number>,
  previous: Table | undefined,
  language: Language,
  now: string,
): RowRecord[] {
  const keyOf = (tab: string, row: string, reasons: string) => `${tab}|${row}|${reasons}`;
  const earlier = new Map<string, string>();
  for (const row of previous?.rows ?? []) {
    if (isTabRejection(row)) earlier.set(keyOf(cellText(row.values['tab']), cellText(row.values['row']), cellText(row.values['reasons'])), cellText(row.values['rejected_at']));
  }
  const entries = [
    ...invalid.map((row) => ({
      tab: row.tab,
      row: row.rowNumber,
      reasons: renderProblems(row.problems, language, row.tab).map((error) => error.message).join('\n'),
      submissionId: cellText(row.raw['submission_id']),
      raw: JSON.stringify(row.raw),
    })),
    ...coursesUnusable.map((problem) => ({
      tab: PLAN_TAB.name,
      row: courseRows.get(problem.course_id) ?? 0,
      reasons: language === 'en' ? problem.message_en : problem.message_zh,
      submissionId: '',
      raw: JSON.stringify({ course_id: problem.course_id, field: problem.field }),
    })),
  ].sort((a, b) => (a.tab === b.tab ? a.row - b.row : a.tab < b.tab ? -1 : 1));
  return entries.map((entry) => ({
    rejected_at: earlier.get(keyOf(entry.tab, entry.row === 0 ? '' : String(entry.row), entry.reasons)) ?? now,
    source: 'tab',
    submission_id: entry.submissionId === '' ? null : entry.submissionId,
    kind: null,
    tab: entry.tab,
    row: entry.row === 0 ? null : entry.row,
    reasons: entry.reasons,
    raw: entry.raw.slice(0, 40_000),
  }));
}

/** Recompute every derived tab from the source tabs and write them whole, in one write. */
export function runRecompute(store: SheetStore, clock: Clock): Promise<RecomputeReport> {
  // Rejected is written back whole from this read: no rejected submission may be appended in between in this process.
  return rejectedTabLock(store).withExclusive(() => recomputeOnce(store, clock));
}

async function recomputeOnce(store: SheetStore, clock: Clock): Promise<RecomputeReport> {
  const tables = await store.read([...SOURCE_TAB_NAMES, REJECTED_TAB.name]);
  const source = readSourceRows(tables);
  const now = clock.now().setZone(source.settings.time_zone);
  const result = recompute(source, now);
  const derived = toTabRows(result);

  const previous = tables.get(REJECTED_TAB.name);
  const stamp = now.startOf('second').toISO({ suppressMilliseconds: true }) ?? '';
  const fromTabs = tabRejections(source.invalid, result.courseProblems, source.courseRows, previous, source.settings.language, stamp);
  // Rejected submissions are history, kept as they are; rejections of sheet rows are recomputed like any derived tab.
  const fromSubmissions: RowRecord[] = (previous?.rows ?? []).filter((row) => !isTabRejection(row)).map((row) => row.values);

  const writes = new Map<string, readonly RowRecord[]>([
    [GRADES_TAB.name, derived.get(GRADES_TAB.name) ?? []],
    [RETAKES_TAB.name, derived.get(RETAKES_TAB.name) ?? []],
    [SUMMARY_TAB.name, derived.get(SUMMARY_TAB.name) ?? []],
    [ARCHIVE_TAB.name, derived.get(ARCHIVE_TAB.name) ?? []],
    [REJECTED_TAB.name, [...fromSubmissions, ...fromTabs]],
  ]);
  await store.replace(writes);
  return {
    grades: result.grades.length,
    retakes: result.retakes.length,
    archive: result.archive.length,
    summary: result.summary.length,
    rejectedRows: fromTabs.length,
    result,
  };
}
