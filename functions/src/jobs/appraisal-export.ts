// The appraisal export: one period's rows computed from the source tabs, and the record (AppraisalExports) that clears their mark.
import { createHash } from 'node:crypto';
import { APPRAISAL_EXPORTS_TAB } from '../../../sheets-templates/index.js';
import { exportRecords, fingerprint, type MarkedRow } from '../core/appraisal/exports.js';
import type { Period } from '../core/appraisal/period.js';
import type { AppraisalRow } from '../core/appraisal/rows.js';
import { markedAppraisal } from '../core/appraisal/tab.js';
import { recompute } from '../core/grading/recompute.js';
import { readSourceRows, SOURCE_TAB_NAMES } from '../core/source-data.js';
import { SettingsError } from '../core/settings.js';
import type { Clock, SheetStore } from '../ports.js';

export interface PreparedExport {
  readonly period: string;
  /** The rows HR gets, with the mark each had before this export. */
  readonly rows: readonly MarkedRow[];
  /** ISO time in the Settings zone, to the second: names this export in AppraisalExports. */
  readonly exportedAt: string;
  /** sha256 of the rows' trainees and fingerprints: what `recordAppraisalExport` checks it records. */
  readonly digest: string;
}

/** Only the figures: a row's mark and export time are bookkeeping, not what was handed over. */
export function plainRow(row: MarkedRow): AppraisalRow {
  return {
    period: row.period,
    trainee_id: row.trainee_id,
    name: row.name,
    branch: row.branch,
    training_hours: row.training_hours,
    courses_passed: row.courses_passed,
    excellent_count: row.excellent_count,
    bonus_points: row.bonus_points,
    unexcused_absences: row.unexcused_absences,
  };
}

export function exportDigest(rows: readonly AppraisalRow[]): string {
  const hash = createHash('sha256');
  for (const row of rows) hash.update(`${row.period}\u0000${row.trainee_id}\u0000${fingerprint(row)}\n`);
  return hash.digest('hex');
}

/**
 * Reads only: the source tabs and AppraisalExports, graded as a recompute grades them. A Settings value that
 * grading cannot run without stops the export (a SettingsError), as it stops the Grades tab.
 */
export async function prepareAppraisalExport(store: SheetStore, clock: Clock, period: Period): Promise<PreparedExport> {
  const tables = await store.read([...SOURCE_TAB_NAMES, APPRAISAL_EXPORTS_TAB.name]);
  const source = readSourceRows(tables);
  const now = clock.now().setZone(source.settings.time_zone);
  const result = recompute(source, now);
  if (result.blocked.length > 0) throw new SettingsError(result.blocked);
  const rows = markedAppraisal(result.appraisal, source.settings, tables.get(APPRAISAL_EXPORTS_TAB.name), period);
  return {
    period: period.id,
    rows,
    exportedAt: now.startOf('second').toISO({ suppressMilliseconds: true }) ?? '',
    digest: exportDigest(rows.map(plainRow)),
  };
}

export type RecordOutcome =
  | { readonly status: 'recorded'; readonly rows: number; readonly appended: number }
  /** The figures changed between the export's read and its record: nothing recorded, export again. */
  | { readonly status: 'changed' };

/**
 * Appends one AppraisalExports row per exported trainee, after checking the figures are still those the
 * files hold (by digest). Keyed by export time, period and trainee: a retried record adds nothing twice.
 */
export async function recordAppraisalExport(
  store: SheetStore,
  clock: Clock,
  period: Period,
  exported: Pick<PreparedExport, 'exportedAt' | 'digest'>,
): Promise<RecordOutcome> {
  const now = await prepareAppraisalExport(store, clock, period);
  if (now.digest !== exported.digest) return { status: 'changed' };
  const records = exportRecords(now.rows.map(plainRow), exported.exportedAt);
  const result = await store.append(APPRAISAL_EXPORTS_TAB.name, records, { uniqueBy: 'export_key' });
  return { status: 'recorded', rows: records.length, appended: result.appended };
}
