// The Forms tab as the registry of the provisioned forms: which form serves each kind, and the one values write that records them.
import type { sheets_v4 } from '@googleapis/sheets';
import { FORMS_TAB, SUBMISSION_TARGETS, type SubmissionKind } from '../../../../sheets-templates/index.js';
import { a1Range, type RowNumber } from '../../core/a1.js';
import { indexHeaders } from '../../core/table.js';

export interface RegisteredForm {
  readonly formId: string;
  readonly rowNumber: RowNumber;
  /** The columns this registry writes, as the row holds them now. */
  readonly cells: Readonly<Record<string, string>>;
}

export interface FormRecord {
  readonly kind: SubmissionKind;
  readonly formId: string;
  readonly title: string;
  readonly responderUrl: string;
  readonly editUrl: string;
  /** Created, or questions added: the row's updated_at moves. */
  readonly changed: boolean;
}

/** The columns provisioning owns; the watch columns (watch_id, watch_expires_at, checkpoint) belong to the Forms watch. */
const OWNED = ['form_id', 'title', 'responder_url', 'edit_url'] as const;

function isKind(value: string): value is SubmissionKind {
  return Object.hasOwn(SUBMISSION_TARGETS, value);
}

/** The form of each kind, from the Forms tab's rows (row 2 onwards); the first row of a kind with a form id wins. */
export function registeredForms(header: readonly string[], rows: readonly (readonly string[])[]): Map<SubmissionKind, RegisteredForm> {
  const index = indexHeaders(FORMS_TAB, header);
  const forms = new Map<SubmissionKind, RegisteredForm>();
  rows.forEach((row, i) => {
    const at = (key: string) => (row[index.get(key) ?? -1] ?? '').trim();
    const kind = at('kind');
    const formId = at('form_id');
    if (!isKind(kind) || formId === '' || forms.has(kind)) return;
    forms.set(kind, { formId, rowNumber: i + 2, cells: Object.fromEntries(OWNED.map((key) => [key, at(key)])) });
  });
  return forms;
}

/**
 * The Forms tab cells to write: for a kind already listed, only the owned columns that changed (and
 * updated_at); for a new kind, a row after the last one. Contiguous cells go in one range. Nothing
 * when every record matches the tab.
 */
export function formsTabWrites(
  header: readonly string[],
  dataRows: number,
  registered: ReadonlyMap<SubmissionKind, RegisteredForm>,
  records: readonly FormRecord[],
  updatedAt: string,
): sheets_v4.Schema$ValueRange[] {
  const index = indexHeaders(FORMS_TAB, header);
  const writes: sheets_v4.Schema$ValueRange[] = [];
  let nextRow = dataRows + 2;
  for (const record of records) {
    const wanted: Record<string, string> = {
      form_id: record.formId,
      title: record.title,
      responder_url: record.responderUrl,
      edit_url: record.editUrl,
    };
    const listed = registered.get(record.kind);
    const cells = new Map<number, string>();
    if (listed === undefined) {
      cells.set(index.get('kind') ?? 0, record.kind);
      for (const key of OWNED) cells.set(index.get(key) ?? 0, wanted[key] ?? '');
    } else {
      for (const key of OWNED) if (listed.cells[key] !== wanted[key]) cells.set(index.get(key) ?? 0, wanted[key] ?? '');
    }
    if (cells.size === 0 && !record.changed) continue;
    cells.set(index.get('updated_at') ?? 0, updatedAt);
    const row = listed?.rowNumber ?? nextRow++;
    writes.push(...runs(row, cells));
  }
  return writes;
}

/** One range per run of adjacent columns, so cells between them (another engineer's) are never touched. */
function runs(row: RowNumber, cells: ReadonlyMap<number, string>): sheets_v4.Schema$ValueRange[] {
  const columns = [...cells.keys()].sort((a, b) => a - b);
  const ranges: sheets_v4.Schema$ValueRange[] = [];
  let start = 0;
  for (let i = 1; i <= columns.length; i += 1) {
    if (i < columns.length && columns[i] === (columns[i - 1] ?? 0) + 1) continue;
    const run = columns.slice(start, i);
    const first = run[0] ?? 0;
    const last = run[run.length - 1] ?? first;
    ranges.push({ range: a1Range(FORMS_TAB.name, first + 1, row, last + 1, row), values: [run.map((column) => cells.get(column) ?? '')] });
    start = i;
  }
  return ranges;
}
