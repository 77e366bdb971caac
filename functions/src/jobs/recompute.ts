// The recompute job: one batched read of the source tabs, the pure grading engine, one batched write of every derived tab.
import {
  APPRAISAL_EXPORTS_TAB,
  APPRAISAL_TAB,
  ARCHIVE_TAB,
  GRADES_TAB,
  PROBLEMS_TAB,
  RETAKES_TAB,
  SUMMARY_TAB,
} from '../../../sheets-templates/index.js';
import { appraisalRecords, markedAppraisal } from '../core/appraisal/tab.js';
import { recompute, toTabRows, type RecomputeResult } from '../core/grading/recompute.js';
import { problemRecords } from '../core/problems-tab.js';
import { readSourceRows, SOURCE_TAB_NAMES } from '../core/source-data.js';
import type { RowRecord } from '../core/table.js';
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

/** The Summary as the tab shows it: the last-updated time once, in the headline (first) row, not repeated on every row. */
export function stampHeadlineOnly(rows: readonly RowRecord[]): RowRecord[] {
  return rows.map((row, i) => (i === 0 ? row : { ...row, updated_at: null }));
}

/**
 * Recompute every derived tab from the source tabs and write them whole, in one write. Rejected is not
 * among them: it only ever grows, so a rejection appended while this runs (by any instance) stays. While
 * a Settings value grading needs cannot be read, only Problems is written: the other tabs keep their
 * last results rather than show grades made with a guessed pass mark.
 */
export async function runRecompute(store: SheetStore, clock: Clock): Promise<RecomputeReport> {
  const tables = await store.read([...SOURCE_TAB_NAMES, PROBLEMS_TAB.name, APPRAISAL_EXPORTS_TAB.name]);
  const source = readSourceRows(tables);
  const now = clock.now().setZone(source.settings.time_zone);
  const result = recompute(source, now);
  const derived = toTabRows(result, source.settings.language);

  const stamp = now.startOf('second').toISO({ suppressMilliseconds: true }) ?? '';
  const problems = problemRecords({
    invalid: source.invalid,
    broken: source.broken,
    courseProblems: result.courseProblems,
    courseRows: source.courseRows,
    settingIssues: source.settings.issues,
    previous: tables.get(PROBLEMS_TAB.name),
    language: source.settings.language,
    now: stamp,
  });

  const graded = result.blocked.length === 0;
  const writes = new Map<string, readonly RowRecord[]>([
    ...(graded
      ? ([
          [GRADES_TAB.name, derived.get(GRADES_TAB.name) ?? []],
          [RETAKES_TAB.name, derived.get(RETAKES_TAB.name) ?? []],
          [SUMMARY_TAB.name, stampHeadlineOnly(derived.get(SUMMARY_TAB.name) ?? [])],
          [ARCHIVE_TAB.name, derived.get(ARCHIVE_TAB.name) ?? []],
          // Appraisal (issue 17 part 3): marked against AppraisalExports, which only the export appends to.
          [
            APPRAISAL_TAB.name,
            appraisalRecords(
              markedAppraisal(result.appraisal, source.settings, tables.get(APPRAISAL_EXPORTS_TAB.name)),
              source.settings.language,
            ),
          ],
        ] as const)
      : []),
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
