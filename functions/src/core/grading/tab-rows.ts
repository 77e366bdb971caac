// Typed derived rows laid out as sheet records keyed by the template columns, ready for SheetStore.replace.
import { ARCHIVE_TAB, GRADES_TAB, RETAKES_TAB, SUMMARY_TAB, type TabDef } from '../../../../sheets-templates/index.js';
import type { ArchiveRow, GradeRow, RetakeRow, SummaryRow } from './rows.js';
import type { Language } from '../problems.js';
import type { RowRecord } from '../table.js';

export interface DerivedRows {
  readonly grades: readonly GradeRow[];
  readonly retakes: readonly RetakeRow[];
  readonly archive: readonly ArchiveRow[];
  readonly summary: readonly SummaryRow[];
}

/** Tab name → rows; numbers stay numbers, blanks are null and lists are comma-separated like the source tabs. */
export function toTabRows(result: DerivedRows, _language: Language = 'zh-CN'): Map<string, RowRecord[]> {
  return new Map([
    [
      GRADES_TAB.name,
      checked(
        GRADES_TAB,
        result.grades.map((row) => ({ ...row, missing_components: list(row.missing_components) })),
      ),
    ],
    [
      RETAKES_TAB.name,
      checked(
        RETAKES_TAB,
        result.retakes.map((row) => ({ ...row, reasons: list(row.reasons) })),
      ),
    ],
    [
      ARCHIVE_TAB.name,
      checked(
        ARCHIVE_TAB,
        result.archive.map((row) => ({ ...row })),
      ),
    ],
    [
      SUMMARY_TAB.name,
      checked(
        SUMMARY_TAB,
        result.summary.map((row) => ({ ...row })),
      ),
    ],
  ]);
}

function list(values: readonly string[]): string | null {
  return values.length === 0 ? null : values.join(',');
}

/**
 * The typed rows mirror the template columns; checking one record per tab turns a column added to
 * the template but not here into a loud error instead of a silently blank or misplaced column.
 */
function checked(tab: TabDef, records: RowRecord[]): RowRecord[] {
  const first = records[0];
  if (first !== undefined) {
    const keys = Object.keys(first).join(',');
    const expected = tab.columns.map((column) => column.key).join(',');
    if (keys !== expected) throw new Error(`Derived tab "${tab.name}" rows have columns ${keys}, but its template has ${expected}`);
  }
  return records;
}
