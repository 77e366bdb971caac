// The recompute job: one batched read of the source tabs, the pure grading engine, one batched write of every derived tab.
import { ARCHIVE_TAB, GRADES_TAB, PLAN_TAB, PROBLEMS_TAB, RETAKES_TAB, SUMMARY_TAB } from '../../../sheets-templates/index.js';
import { cellText } from '../core/cells.js';
import { recompute, toTabRows, type RecomputeResult } from '../core/grading/recompute.js';
import type { InvalidRow } from '../core/model.js';
import { renderProblems, type Language } from '../core/problems.js';
import { readSourceRows, SOURCE_TAB_NAMES } from '../core/source-data.js';
import type { Table, RowRecord } from '../core/table.js';
import type { Clock, SheetStore } from '../ports.js';

export interface RecomputeReport {
  readonly grades: number;
  readonly retakes: number;
  readonly archive: number;
  readonly summary: number;
  /** Source rows (and Plan courses) that could not be used, now listed in Problems. */
  readonly problemRows: number;
  readonly result: RecomputeResult;
}

/** Problems rows for source rows grading could not use; an unchanged problem keeps its first found_at. */
export function problemRows(
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
    earlier.set(
      keyOf(cellText(row.values['tab']), cellText(row.values['row']), cellText(row.values['reasons'])),
      cellText(row.values['found_at']),
    );
  }
  const entries = [
    ...invalid.map((row) => ({
      tab: row.tab,
      row: row.rowNumber,
      reasons: renderProblems(row.problems, language, row.tab)
        .map((error) => error.message)
        .join('\n'),
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
    found_at: earlier.get(keyOf(entry.tab, entry.row === 0 ? '' : String(entry.row), entry.reasons)) ?? now,
    tab: entry.tab,
    row: entry.row === 0 ? null : entry.row,
    submission_id: entry.submissionId === '' ? null : entry.submissionId,
    reasons: entry.reasons,
    raw: entry.raw.slice(0, 40_000),
  }));
}

/** The Summary as the tab shows it: the last-updated time once, in the headline (first) row, not repeated on every row. */
export function stampHeadlineOnly(rows: readonly RowRecord[]): RowRecord[] {
  return rows.map((row, i) => (i === 0 ? row : { ...row, updated_at: null }));
}

/**
 * Recompute every derived tab from the source tabs and write them whole, in one write. Rejected is not
 * among them: it only ever grows, so a rejection appended while this runs (by any instance) stays.
 */
export async function runRecompute(store: SheetStore, clock: Clock): Promise<RecomputeReport> {
  const tables = await store.read([...SOURCE_TAB_NAMES, PROBLEMS_TAB.name]);
  const source = readSourceRows(tables);
  const now = clock.now().setZone(source.settings.time_zone);
  const result = recompute(source, now);
  const derived = toTabRows(result);

  const stamp = now.startOf('second').toISO({ suppressMilliseconds: true }) ?? '';
  const problems = problemRows(
    source.invalid,
    result.courseProblems,
    source.courseRows,
    tables.get(PROBLEMS_TAB.name),
    source.settings.language,
    stamp,
  );

  const writes = new Map<string, readonly RowRecord[]>([
    [GRADES_TAB.name, derived.get(GRADES_TAB.name) ?? []],
    [RETAKES_TAB.name, derived.get(RETAKES_TAB.name) ?? []],
    [SUMMARY_TAB.name, stampHeadlineOnly(derived.get(SUMMARY_TAB.name) ?? [])],
    [ARCHIVE_TAB.name, derived.get(ARCHIVE_TAB.name) ?? []],
    [PROBLEMS_TAB.name, problems],
  ]);
  await store.replace(writes);
  return {
    grades: result.grades.length,
    retakes: result.retakes.length,
    archive: result.archive.length,
    summary: result.summary.length,
    problemRows: problems.length,
    result,
  };
}
