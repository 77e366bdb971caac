// The Appraisal tab as a recompute writes it: the Settings cadence's rows, marked against the last exports, in the reader's language.
import { APPRAISAL_MARKS, APPRAISAL_TAB } from '../../../../sheets-templates/index.js';
import type { Language } from '../problems.js';
import type { Settings } from '../settings.js';
import type { RowRecord, Table } from '../table.js';
import { choiceText } from '../words.js';
import { lastExports, markRows, type MarkedRow } from './exports.js';
import type { AppraisalFacts } from './facts.js';
import { cadenceOf, parsePeriod, type Period } from './period.js';
import { appraisalRows } from './rows.js';

export type AppraisalSettings = Pick<
  Settings,
  'appraisal_cadence' | 'appraisal_points_passed' | 'excellent_bonus_points' | 'appraisal_points_absence'
>;

/** The Appraisal rows of the cadence in Settings, or of one period (an export), each with its export mark. */
export function markedAppraisal(
  facts: AppraisalFacts,
  settings: AppraisalSettings,
  exports: Table | undefined,
  only?: Period,
): MarkedRow[] {
  const cadence = only?.cadence ?? cadenceOf(settings.appraisal_cadence);
  const rows = appraisalRows(facts, cadence, settings, only);
  const inScope = only === undefined ? (id: string) => parsePeriod(id)?.cadence === cadence : (id: string) => id === only.id;
  const person = (traineeId: string) => {
    const known = facts.get(traineeId);
    return { name: known?.name ?? '', branch: known?.branch ?? '' };
  };
  return markRows(rows, lastExports(exports), inScope, person);
}

/** Rows keyed by the template columns; the mark in the reader's language. */
export function appraisalRecords(rows: readonly MarkedRow[], language: Language): RowRecord[] {
  const keys = APPRAISAL_TAB.columns.map((column) => column.key);
  return rows.map((row) => {
    const record: Record<string, string | number | null> = {
      ...row,
      export_mark: choiceText(APPRAISAL_MARKS, row.export_mark, language),
    };
    // In template order, so a column added to the template and not here fails loudly in the tests.
    return Object.fromEntries(keys.map((name) => [name, record[name] ?? null]));
  });
}
