// The recompute job: one batched read of the source tabs, the pure grading engine, one batched write of every derived tab.
import { ARCHIVE_TAB, CERTIFICATES_TAB, GRADES_TAB, PROBLEMS_TAB, RETAKES_TAB, SUMMARY_TAB } from '../../../sheets-templates/index.js';
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
          [SUMMARY_TAB.name, stampHeadlineOnly(derived.get(SUMMARY_TAB.name) ?? [])],
          [ARCHIVE_TAB.name, derived.get(ARCHIVE_TAB.name) ?? []],
        ] as const)
      : []),
    [PROBLEMS_TAB.name, problems],
    ...(certified === undefined ? [] : ([[CERTIFICATES_TAB.name, certified.rows]] as const)),
  ]);
  await store.replace(writes);
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
  const names = [...SOURCE_TAB_NAMES, PROBLEMS_TAB.name];
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
