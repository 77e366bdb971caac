// Turns a Forms API FormResponse and the form's items into the submission envelope POST /submissions takes.
import type { SubmissionKind } from '../../../sheets-templates/index.js';

// The parts of the Forms API v1 JSON this module reads; the @googleapis/forms types fit them as they are.
export interface FormQuestion {
  readonly questionId?: string | null;
  readonly rowQuestion?: { readonly title?: string | null } | null;
}

export interface FormItem {
  readonly title?: string | null;
  readonly questionItem?: { readonly question?: FormQuestion | null } | null;
  readonly questionGroupItem?: { readonly questions?: readonly FormQuestion[] | null } | null;
}

export interface FormAnswer {
  readonly textAnswers?: { readonly answers?: readonly { readonly value?: string | null }[] | null } | null;
}

export interface FormResponse {
  readonly responseId?: string | null;
  readonly lastSubmittedTime?: string | null;
  readonly respondentEmail?: string | null;
  readonly answers?: Readonly<Record<string, FormAnswer>> | null;
}

export interface ResponseEnvelope {
  readonly id: string;
  readonly kind: SubmissionKind;
  readonly submittedAt: string;
  readonly submitter?: string;
  readonly answers: Readonly<Record<string, string | readonly string[]>>;
}

/**
 * Question id → the title the envelope keys its answer by. A grid row is `Item title [Row title]`, as Apps
 * Script's e.namedValues names it, so both triggers give the same keys for the same form.
 */
export function questionTitles(items: readonly FormItem[]): Map<string, string> {
  const titles = new Map<string, string>();
  for (const item of items) {
    const title = item.title ?? '';
    const single = item.questionItem?.question?.questionId;
    if (single) titles.set(single, title);
    for (const question of item.questionGroupItem?.questions ?? []) {
      if (question.questionId) titles.set(question.questionId, `${title} [${question.rowQuestion?.title ?? ''}]`);
    }
  }
  return titles;
}

/**
 * One text answer as the envelope reads it. Text, choice, scale ("4"), date ("2026-06-15", or "06-15" without
 * a year, which validation then refuses) and time ("14:30") answers pass as they are; a date with a time
 * ("2026-06-15 14:30") gets the ISO `T` the date and time codecs read.
 */
export function answerText(value: string): string {
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(value) ? value.replace(' ', 'T') : value;
}

/**
 * The envelope of one response, or undefined when the response lacks its id or submission time (the API
 * always sends both). A checkbox question gives a list; two questions with one title give one list, as
 * e.namedValues does, so validation reports the clash instead of one answer silently winning. File-upload
 * answers are left out: no tab holds files.
 */
export function responseEnvelope(
  response: FormResponse,
  kind: SubmissionKind,
  titles: ReadonlyMap<string, string>,
): ResponseEnvelope | undefined {
  const id = response.responseId?.trim();
  const submittedAt = response.lastSubmittedTime?.trim();
  if (!id || !submittedAt) return undefined;
  const answers: Record<string, string | readonly string[]> = {};
  for (const [questionId, answer] of Object.entries(response.answers ?? {})) {
    const values = (answer.textAnswers?.answers ?? [])
      .map((entry) => entry.value)
      .filter((value): value is string => typeof value === 'string')
      .map(answerText);
    if (values.length === 0) continue;
    // A question removed from the form since keeps its id as key, which no column matches, so it is ignored like any unknown question.
    const key = titles.get(questionId) ?? questionId;
    const previous = answers[key];
    const merged = previous === undefined ? values : [...(typeof previous === 'string' ? [previous] : previous), ...values];
    answers[key] = merged.length === 1 ? (merged[0] as string) : merged;
  }
  const submitter = response.respondentEmail?.trim();
  return { id, kind, submittedAt, ...(submitter ? { submitter } : {}), answers };
}
