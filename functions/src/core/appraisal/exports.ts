// What was handed to HR: a fingerprint per trainee and period, read back from the AppraisalExports tab to mark what changed since.
import { cellText } from '../cells.js';
import { compareText } from '../grading/rows.js';
import type { RowRecord, Table } from '../table.js';
import type { AppraisalRow } from './rows.js';

export type ExportMark = '未导出' | '已变更' | '已导出';

export interface MarkedRow extends AppraisalRow {
  readonly export_mark: ExportMark;
  /** When this trainee and period were last exported; null when never. */
  readonly exported_at: string | null;
}

export interface ExportedFigures {
  readonly fingerprint: string;
  readonly exported_at: string;
}

/** The exported figures in column order, numbers as JavaScript prints them: the same figures are the same text. */
export function fingerprint(row: AppraisalRow): string {
  return [row.training_hours, row.courses_passed, row.excellent_count, row.bonus_points, row.unexcused_absences].map(String).join('|');
}

const key = (period: string, traineeId: string): string => `${period}\u0000${traineeId}`;

/** The last export of every trainee and period: the tab only grows, so a lower row is a later export. */
export function lastExports(table: Table | undefined): Map<string, ExportedFigures> {
  const last = new Map<string, ExportedFigures>();
  for (const { values } of table?.rows ?? []) {
    const period = cellText(values['period']);
    const traineeId = cellText(values['trainee_id']);
    if (period === '' || traineeId === '') continue;
    last.set(key(period, traineeId), { fingerprint: cellText(values['fingerprint']), exported_at: cellText(values['exported_at']) });
  }
  return last;
}

/**
 * Rows with their mark, plus a zero row for each trainee and period of `periods` that was exported but has
 * nothing now (a result taken back): HR must hear of it, so that row is 已变更 and the next export carries it.
 */
export function markRows(
  rows: readonly AppraisalRow[],
  exported: ReadonlyMap<string, ExportedFigures>,
  periods: (period: string) => boolean,
  person: (traineeId: string) => { name: string; branch: string },
): MarkedRow[] {
  const all: AppraisalRow[] = [...rows];
  const present = new Set(rows.map((row) => key(row.period, row.trainee_id)));
  for (const name of exported.keys()) {
    if (present.has(name)) continue;
    const [period = '', traineeId = ''] = name.split('\u0000');
    if (!periods(period)) continue;
    all.push({
      period,
      trainee_id: traineeId,
      ...person(traineeId),
      training_hours: 0,
      courses_passed: 0,
      excellent_count: 0,
      bonus_points: 0,
      unexcused_absences: 0,
    });
  }
  all.sort((a, b) => compareText(a.period, b.period) || compareText(a.trainee_id, b.trainee_id));
  return all.map((row) => {
    const last = exported.get(key(row.period, row.trainee_id));
    const mark: ExportMark = last === undefined ? '未导出' : last.fingerprint === fingerprint(row) ? '已导出' : '已变更';
    return { ...row, export_mark: mark, exported_at: last === undefined || last.exported_at === '' ? null : last.exported_at };
  });
}

/**
 * The AppraisalExports rows an export appends. The key names the export run (its time), the period and the
 * trainee, so a retried append of the same run is skipped (uniqueBy) while a later export of equal figures is kept.
 */
export function exportRecords(rows: readonly AppraisalRow[], exportedAt: string): RowRecord[] {
  return rows.map((row) => ({
    export_key: `${exportedAt}|${row.period}|${row.trainee_id}`,
    exported_at: exportedAt,
    period: row.period,
    trainee_id: row.trainee_id,
    fingerprint: fingerprint(row),
  }));
}
