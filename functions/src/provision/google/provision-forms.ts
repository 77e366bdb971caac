// Creates the Google Form of each submission kind, or completes the one the Forms tab lists, and publishes it (every new one).
import type { forms_v1 } from '@googleapis/forms';
import type { SubmissionKind } from '../../../../sheets-templates/index.js';
import { readFailure } from '../../adapters/google/errors.js';
import { apiCall, provisioningError } from './api-errors.js';
import { FORM_KINDS, PUBLISH, editUrl, formTitle, missingItemRequests, needsPublishing, newForm, newFormRequests } from './form-plan.js';
import type { FormRecord, RegisteredForm } from './forms-registry.js';

export interface FormOutcome extends FormRecord {
  readonly created: boolean;
  /** Titles of the questions added (every question for a new form). */
  readonly addedQuestions: readonly string[];
  readonly published: boolean;
}

const FIX = 'The form must belong to, or be shared as editor with, the account running this command (scope forms.body).';

export async function provisionForms(
  forms: forms_v1.Forms,
  registered: ReadonlyMap<SubmissionKind, RegisteredForm>,
): Promise<FormOutcome[]> {
  const outcomes: FormOutcome[] = [];
  for (const kind of FORM_KINDS) {
    const listed = registered.get(kind);
    outcomes.push(listed === undefined ? await createForm(forms, kind) : await completeForm(forms, kind, listed.formId));
  }
  return outcomes;
}

async function createForm(forms: forms_v1.Forms, kind: SubmissionKind): Promise<FormOutcome> {
  const created = await apiCall(`create the ${kind} form`, FIX, () => forms.forms.create({ requestBody: newForm(kind) }));
  const formId = created.data.formId ?? '';
  if (formId === '') throw new Error(`forms.create answered without a formId for the ${kind} form`);
  const requests = newFormRequests(kind);
  await apiCall(`add the questions to the ${kind} form ${formId}`, FIX, () =>
    forms.forms.batchUpdate({ formId, requestBody: { requests } }),
  );
  // Forms the API creates start unpublished, and the create answer need not say so: publish every new form.
  const published = await publishNew(forms, kind, formId);
  return {
    kind,
    formId,
    title: created.data.info?.title ?? formTitle(kind),
    responderUrl: created.data.responderUri ?? '',
    editUrl: editUrl(formId),
    changed: true,
    created: true,
    addedQuestions: requests.flatMap((request) => (request.createItem?.item?.title ? [request.createItem.item.title] : [])),
    published,
  };
}

async function completeForm(forms: forms_v1.Forms, kind: SubmissionKind, formId: string): Promise<FormOutcome> {
  const fix = `The Forms tab lists ${formId} as the ${kind} form. Share it with the account running this command, or clear that row's form ID to create a new form.`;
  const form = (await apiCall(`open the ${kind} form ${formId}`, fix, () => forms.forms.get({ formId }))).data;
  const { requests, added } = missingItemRequests(kind, form);
  if (requests.length > 0) {
    await apiCall(`add questions to the ${kind} form ${formId}`, FIX, () => forms.forms.batchUpdate({ formId, requestBody: { requests } }));
  }
  const published = await publishIfNeeded(forms, kind, formId, form);
  return {
    kind,
    formId,
    title: form.info?.title ?? formTitle(kind),
    responderUrl: form.responderUri ?? '',
    editUrl: editUrl(formId),
    changed: added.length > 0,
    created: false,
    addedQuestions: added,
    published,
  };
}

/** Publish a form just created; a legacy form (none is created since Google's change, but the API may still say so) is public already. */
async function publishNew(forms: forms_v1.Forms, kind: SubmissionKind, formId: string): Promise<boolean> {
  try {
    await forms.forms.setPublishSettings({ formId, requestBody: PUBLISH });
    return true;
  } catch (error) {
    const failure = readFailure(error);
    if (failure.status === 400 && /legacy/i.test(failure.message)) return false;
    throw provisioningError(error, `publish the ${kind} form ${formId}`, FIX);
  }
}

async function publishIfNeeded(forms: forms_v1.Forms, kind: SubmissionKind, formId: string, form: forms_v1.Schema$Form): Promise<boolean> {
  if (!needsPublishing(form)) return false;
  await apiCall(`publish the ${kind} form ${formId}`, FIX, () => forms.forms.setPublishSettings({ formId, requestBody: PUBLISH }));
  return true;
}
