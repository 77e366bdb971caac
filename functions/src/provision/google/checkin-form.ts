// The attendance Google Form as a pre-filled check-in link needs it: its responder URL and the entry numbers of its questions.
import { ATTENDANCE_TAB, FORMS_TAB, headerText } from '../../../../sheets-templates/index.js';
import { formsClient } from '../../adapters/google/forms-client.js';
import { cellText } from '../../core/cells.js';
import { entryNumber, type PrefillEntries } from '../../core/checkin/links.js';
import { questionTitles } from '../../core/form-response.js';
import { formEntries } from '../../core/forms-tab.js';
import type { Config } from '../../config.js';
import type { SheetStore } from '../../ports.js';

const PREFILLED = ['course_id', 'session', 'session_date', 'status', 'checkin_code'] as const;

export class CheckinFormError extends Error {
  override readonly name = 'CheckinFormError';
}

/** Reads the Forms tab's attendance row, then the form itself (one forms.get) for its question ids. */
export async function attendanceFormEntries(
  config: Pick<Config, 'googleApiRootUrl'>,
  store: SheetStore,
): Promise<{ responderUrl: string; entries: PrefillEntries }> {
  const table = (await store.read([FORMS_TAB.name])).get(FORMS_TAB.name);
  const entry = table === undefined ? undefined : formEntries(table).find((form) => form.kind === 'attendance');
  const row = table?.rows.find((candidate) => candidate.rowNumber === entry?.rowNumber);
  const responderUrl = cellText(row?.values['responder_url']);
  if (entry === undefined || responderUrl === '')
    throw new CheckinFormError('The Forms tab lists no attendance form with its responder URL; run `npm run cli -- provision --google`.');
  const form = (await formsClient(config).forms.get({ formId: entry.formId })).data;
  const byTitle = new Map([...questionTitles(form.items ?? [])].map(([id, title]) => [title, id]));
  const entries: Partial<Record<(typeof PREFILLED)[number], string>> = {};
  for (const key of PREFILLED) {
    const column = ATTENDANCE_TAB.columns.find((candidate) => candidate.key === key);
    const id = column === undefined ? undefined : byTitle.get(headerText(column));
    if (id === undefined || column === undefined)
      throw new CheckinFormError(
        `The attendance form ${entry.formId} has no question "${column === undefined ? key : headerText(column)}"; run \`npm run cli -- provision --google\` to add it.`,
      );
    entries[key] = entryNumber(id);
  }
  return { responderUrl, entries: entries as PrefillEntries };
}
