// The recompute job: one batched read of the source tabs, the pure grading engine, one batched write of every derived tab.
import { createHash } from 'node:crypto';
import {
  APPRAISAL_EXPORTS_TAB,
  APPRAISAL_TAB,
  ARCHIVE_TAB,
  CERTIFICATES_TAB,
  GRADES_TAB,
  PROBLEMS_TAB,
  RETAKES_TAB,
  SUMMARY_TAB,
} from '../../../sheets-templates/index.js';
import { appraisalRecords, markedAppraisal } from '../core/appraisal/tab.js';
import { recompute, toTabRows, type RecomputeResult } from '../core/grading/recompute.js';
import { problemRecords } from '../core/problems-tab.js';
import { readSourceRows, SOURCE_TAB_NAMES, type SourceRows } from '../core/source-data.js';
import type { RowRecord, Table } from '../core/table.js';
import type { DateTime } from 'luxon';
import { StoreError, type Clock, type SheetStore } from '../ports.js';
import { issueCertificates, type CertificateDeps, type CertificateRun } from './certificates.js';

export interface RecomputeReport {
  readonly grades: number;
  readonly retakes: number;
  readonly archive: number;
  readonly summary: number;
  /** Source rows (and Plan courses) that could not be used, now listed in Problems. */
  readonly problemRows: number;
  readonly result: RecomputeResult;
  /** Certificates issued and stored by this run; absent when certificates are off or could not run. */
  readonly certificates?: Omit<CertificateRun, 'rows'>;
}

/** The Summary as the tab shows it: the last-updated time once, in the headline (first) row, not repeated on every row. */
export function stampHeadlineOnly(rows: readonly RowRecord[]): RowRecord[] {
  return rows.map((row, i) => (i === 0 ? row : { ...row, updated_at: null }));
}

/** The Summary with its headline row stamped `stamp` and no other row stamped. */
export function stampHeadline(rows: readonly RowRecord[], stamp: string): RowRecord[] {
  return stampHeadlineOnly(rows).map((row, i) => (i === 0 ? { ...row, updated_at: stamp } : row));
}

/**
 * Per store, the fingerprint of the last results written and the time they stand for. The Summary's last-updated
 * time is when results last CHANGED: a run that finds them as they were keeps the time, so its rows equal what
 * stands and the store writes nothing at all (a new time every minute would rewrite the headline every minute).
 * A new instance knows none and stamps its first run.
 */
const lastResults = new WeakMap<SheetStore, { readonly fingerprint: string; readonly stamp: string }>();

function fingerprintOf(writes: ReadonlyMap<string, readonly RowRecord[]>): string {
  const hash = createHash('sha256');
  for (const [name, rows] of writes) hash.update(name).update('\u0000').update(JSON.stringify(rows)).update('\u0000');
  return hash.digest('hex');
}

/** The Summary's headline stamped with when the results last changed: now, unless they are what this store wrote last. */
function stamped(store: SheetStore, writes: Map<string, readonly RowRecord[]>, now: string): Map<string, readonly RowRecord[]> {
  const summary = writes.get(SUMMARY_TAB.name);
  if (summary === undefined) return writes;
  const unstamped = new Map(writes).set(
    SUMMARY_TAB.name,
    stampHeadlineOnly(summary).map((row) => ({ ...row, updated_at: null })),
  );
  const fingerprint = fingerprintOf(unstamped);
  const last = lastResults.get(store);
  const stamp = last?.fingerprint === fingerprint ? last.stamp : now;
  lastResults.set(store, { fingerprint, stamp });
  return new Map(writes).set(SUMMARY_TAB.name, stampHeadline(summary, stamp));
}

/**
 * Recompute every derived tab from the source tabs and write them whole, in one write. Rejected is not
 * among them: it only ever grows, so a rejection appended while this runs (by any instance) stays. While
 * a Settings value grading needs cannot be read, only Problems is written: the other tabs keep their
 * last results rather than show grades made with a guessed pass mark.
 */
export async function runRecompute(store: SheetStore, clock: Clock, certificates?: CertificateDeps): Promise<RecomputeReport> {
  const tables = await readTables(store, certificates);
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
  const certified = graded && tables.has(CERTIFICATES_TAB.name) ? await certify(certificates, tables, result, source, now) : undefined;
  const writes = new Map<string, readonly RowRecord[]>([
    ...(graded
      ? ([
          [GRADES_TAB.name, derived.get(GRADES_TAB.name) ?? []],
          [RETAKES_TAB.name, derived.get(RETAKES_TAB.name) ?? []],
          [SUMMARY_TAB.name, derived.get(SUMMARY_TAB.name) ?? []],
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
    ...(certified === undefined ? [] : ([[CERTIFICATES_TAB.name, certified.rows]] as const)),
  ]);
  try {
    await store.replace(stamped(store, writes, stamp));
  } catch (error) {
    // Unknown whether it was written: the next run stamps anew.
    lastResults.delete(store);
    throw error;
  }
  return {
    grades: result.grades.length,
    retakes: result.retakes.length,
    archive: result.archive.length,
    summary: result.summary.length,
    problemRows: problems.length,
    result,
    ...(certified === undefined
      ? {}
      : { certificates: { issued: certified.issued, stored: certified.stored, waiting: certified.waiting } }),
  };
}

/** The source tabs and Problems, and the Certificates register when certificates are on and the workbook has the tab. */
async function readTables(store: SheetStore, certificates: CertificateDeps | undefined): Promise<ReadonlyMap<string, Table>> {
  // AppraisalExports: what the appraisal export recorded, for the Appraisal tab's marks (a workbook without it reads it as empty).
  const names = [...SOURCE_TAB_NAMES, PROBLEMS_TAB.name, APPRAISAL_EXPORTS_TAB.name];
  if (certificates === undefined) return store.read(names);
  try {
    return await store.read([...names, CERTIFICATES_TAB.name]);
  } catch (error) {
    // A workbook made before certificates existed: grading goes on; `provision` adds the tab.
    if (!(error instanceof StoreError && error.code === 'TAB_MISSING' && error.message.includes(CERTIFICATES_TAB.name))) throw error;
    certificates.logger?.warn('no Certificates tab: certificates wait until `provision` adds it');
    return store.read(names);
  }
}

/** Issue certificates; a failure (no secret, storage down) is logged and leaves the register as it was, never the grades. */
async function certify(
  deps: CertificateDeps | undefined,
  tables: ReadonlyMap<string, Table>,
  result: RecomputeResult,
  source: SourceRows,
  now: DateTime,
): Promise<CertificateRun | undefined> {
  if (deps === undefined) return undefined;
  try {
    return await issueCertificates(deps, { table: tables.get(CERTIFICATES_TAB.name), result, source, now });
  } catch (error) {
    deps.logger?.error('certificates not issued', { error: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}
