// The Forms tab as data: which form feeds which kind, its watch and checkpoint, and the tab rewritten with changes.
import { SUBMISSION_KINDS, SUBMISSION_TARGETS, type SubmissionKind } from '../../../sheets-templates/index.js';
import { cellChoice, cellText, type Cell } from './cells.js';
import type { Table, RowRecord } from './table.js';

export interface FormEntry {
  /** Row number people see in the sheet. */
  readonly rowNumber: number;
  readonly formId: string;
  /** The kind of submission the form feeds; undefined when the cell names no kind. */
  readonly kind: SubmissionKind | undefined;
  /** The kind cell as typed, for messages. */
  readonly kindText: string;
  readonly watchId: string;
  readonly watchExpiresAt: string;
  readonly checkpoint: string;
}

/** A cell naming a submission kind by its value or either label (`score`, `成绩`, `Score`). */
export function submissionKind(cell: Cell): SubmissionKind | undefined {
  const value = cellChoice(cellText(cell), SUBMISSION_KINDS);
  return typeof value === 'string' && Object.hasOwn(SUBMISSION_TARGETS, value) ? (value as SubmissionKind) : undefined;
}

/** Every row that names a form. */
export function formEntries(table: Table): FormEntry[] {
  return table.rows
    .filter((row) => cellText(row.values['form_id']) !== '')
    .map((row) => ({
      rowNumber: row.rowNumber,
      formId: cellText(row.values['form_id']),
      kind: submissionKind(row.values['kind'] ?? null),
      kindText: cellText(row.values['kind']),
      watchId: cellText(row.values['watch_id']),
      watchExpiresAt: cellText(row.values['watch_expires_at']),
      checkpoint: cellText(row.values['checkpoint']),
    }));
}

/** The first row for a form id; a form listed twice is fed by its first row. */
export function findForm(table: Table, formId: string): FormEntry | undefined {
  return formEntries(table).find((entry) => entry.formId === formId);
}

/**
 * Every row of the tab, with the changes (by row number) merged in, ready for one replace of the tab.
 * Rows without changes are written back as they were read.
 */
export function formsTabWith(table: Table, changes: ReadonlyMap<number, Readonly<Record<string, Cell>>>): RowRecord[] {
  return table.rows.map((row) => ({ ...row.values, ...changes.get(row.rowNumber) }));
}
