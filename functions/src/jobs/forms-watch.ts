// The Forms watch job: on a RESPONSES notification, store every response since the form's checkpoint once, oldest first, in one append, then move the checkpoint.
import { FORMS_TAB, SETTINGS_TAB, type SubmissionKind } from '../../../sheets-templates/index.js';
import { isTransientFormsError } from '../adapters/google/forms-api.js';
import { findForm, formsTabWith } from '../core/forms-tab.js';
import { parseFormsNotification } from '../core/forms-notification.js';
import { questionTitles, responseEnvelope, type FormResponse, type ResponseEnvelope } from '../core/form-response.js';
import { instantInZone, instantKey, laterKey, type InstantKey } from '../core/rfc3339.js';
import { parseSettings } from '../core/settings.js';
import type { Table } from '../core/table.js';
import { type Clock, type Logger, type SheetStore, StoreError, FormsApiError, type FormsApi } from '../ports.js';
import type { SubmitResult } from './submit.js';
import { submitBatch } from './submit-batch.js';

export interface FormsWatchDeps {
  readonly store: SheetStore;
  readonly forms: FormsApi;
  readonly clock: Clock;
  readonly logger: Logger;
  /** What the HTTP function does after an accepted submission (RECOMPUTE_ON_SUBMIT); `id` is for its logs. */
  readonly recomputeAfterSubmit: (id: string) => Promise<void>;
  /** QR check-in: the key the attendance form's check-in codes are verified with. */
  readonly checkinSecret?: () => Promise<string | undefined>;
}

export type FormsWatchOutcome =
  | { readonly outcome: 'ignored'; readonly reason: 'not_a_notification' | 'not_responses' | 'unknown_form' | 'unknown_kind' }
  | { readonly outcome: 'failed'; readonly code: string }
  | {
      readonly outcome: 'processed';
      readonly formId: string;
      readonly kind: SubmissionKind;
      readonly accepted: number;
      readonly duplicate: number;
      readonly rejected: number;
      /** Responses without an id or a readable submission time (the API always sends both). */
      readonly unreadable: number;
      /** The checkpoint after this run, as the Forms tab shows it; unchanged when nothing newer was listed. */
      readonly checkpoint?: string;
    };

/** Failures worth a redelivery: Pub/Sub retries the notification when the function throws. */
export function isTransient(error: unknown): boolean {
  return (error instanceof StoreError && (error.code === 'RATE_LIMITED' || error.code === 'UNAVAILABLE')) || isTransientFormsError(error);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Handle the data of one Pub/Sub CloudEvent. Returns normally whenever a redelivery could not help (not a
 * Forms notification, a SCHEMA event, a form the Forms tab does not list, a broken workbook, a form the
 * service account cannot read): the next RESPONSES notification of that form starts from the same
 * checkpoint, so nothing is lost by acknowledging. Throws only transient failures, for Pub/Sub to retry.
 */
export async function handleFormsNotification(data: unknown, deps: FormsWatchDeps): Promise<FormsWatchOutcome> {
  const parsed = parseFormsNotification(data);
  if (!parsed.ok) {
    deps.logger.warn('forms notification ignored', { reason: parsed.reason });
    return { outcome: 'ignored', reason: 'not_a_notification' };
  }
  const { eventType, formId, messageId } = parsed.notification;
  if (eventType !== 'RESPONSES') {
    // SCHEMA: the form's questions changed; titles are read afresh with every RESPONSES notification anyway.
    deps.logger.info('forms notification ignored', { eventType, formId, messageId });
    return { outcome: 'ignored', reason: 'not_responses' };
  }
  try {
    return await processResponses(formId, deps);
  } catch (error) {
    if (isTransient(error)) {
      deps.logger.warn('forms notification failed; Pub/Sub will redeliver it', { formId, messageId, error: describe(error) });
      throw error;
    }
    const code =
      error instanceof StoreError || error instanceof FormsApiError ? error.code : error instanceof Error ? error.name : 'INTERNAL';
    deps.logger.error('forms notification failed; acknowledged, the next notification of this form retries it', {
      formId,
      messageId,
      code,
      error: describe(error),
    });
    return { outcome: 'failed', code };
  }
}

interface Listed {
  readonly key: InstantKey;
  readonly envelope: ResponseEnvelope;
}

/**
 * The responses to submit, oldest first, each once. A response listed twice (on two pages, or edited while
 * the pages were read) is taken in its latest version.
 */
function inOrder(
  responses: readonly FormResponse[],
  kind: SubmissionKind,
  titles: ReadonlyMap<string, string>,
): { listed: Listed[]; unreadable: number } {
  const byId = new Map<string, Listed>();
  let unreadable = 0;
  for (const response of responses) {
    const envelope = responseEnvelope(response, kind, titles);
    const key = instantKey(envelope?.submittedAt ?? '');
    if (!envelope || key === undefined) {
      unreadable += 1;
      continue;
    }
    const seen = byId.get(envelope.id);
    if (!seen || key > seen.key) byId.set(envelope.id, { key, envelope });
  }
  const listed = [...byId.values()].sort((a, b) => (a.key === b.key ? (a.envelope.id < b.envelope.id ? -1 : 1) : a.key < b.key ? -1 : 1));
  return { listed, unreadable };
}

/**
 * The listed responses through the same judging as a POST, in order, in one read and one append (plus one to
 * Rejected if any is refused): each is judged against what is stored and the responses before it, so an attempt
 * 2 after an attempt 1 of the same batch is accepted. Returns the latest instant seen and the last id accepted.
 */
async function storeResponses(
  listed: readonly Listed[],
  formId: string,
  kind: SubmissionKind,
  deps: FormsWatchDeps,
): Promise<{ counts: Record<'accepted' | 'duplicate' | 'rejected', number>; latest?: InstantKey; lastAccepted?: string }> {
  const counts = { accepted: 0, duplicate: 0, rejected: 0 };
  let latest: InstantKey | undefined;
  let lastAccepted: string | undefined;
  // An edited response keeps its responseId with a newer lastSubmittedTime, so it is listed again and
  // stored as a duplicate: edits after the first submission go through training staff in the sheet.
  const results = await submitBatch(
    listed.map(({ envelope }) => ({ ...envelope })),
    deps.store,
    deps.clock,
    { receivedAt: deps.clock.now(), ...(deps.checkinSecret ? { checkinSecret: deps.checkinSecret } : {}) },
  );
  listed.forEach(({ key, envelope }, i) => {
    const result = results[i] as SubmitResult;
    counts[result.status] += 1;
    if (result.status === 'accepted') lastAccepted = envelope.id;
    deps.logger.info('form response', { formId, id: envelope.id, kind, outcome: result.status });
    latest = laterKey(latest, key);
  });
  return { counts, ...(latest === undefined ? {} : { latest }), ...(lastAccepted === undefined ? {} : { lastAccepted }) };
}

async function processResponses(formId: string, deps: FormsWatchDeps): Promise<FormsWatchOutcome> {
  const tables = await deps.store.read([FORMS_TAB.name, SETTINGS_TAB.name]);
  const zone = parseSettings(tables.get(SETTINGS_TAB.name)).time_zone;
  const entry = findForm(tables.get(FORMS_TAB.name) as Table, formId);
  if (!entry) {
    deps.logger.warn('forms notification for a form the Forms tab does not list; acknowledged', { formId });
    return { outcome: 'ignored', reason: 'unknown_form' };
  }
  if (!entry.kind) {
    deps.logger.error(
      'the Forms tab row of this form names no submission kind; set kind to score, attendance, leave, evaluation or enrollment',
      {
        formId,
        row: entry.rowNumber,
      },
    );
    return { outcome: 'ignored', reason: 'unknown_kind' };
  }
  const kind = entry.kind;
  const checkpoint = entry.checkpoint === '' ? undefined : instantKey(entry.checkpoint);
  if (entry.checkpoint !== '' && checkpoint === undefined) {
    // Reading from the start is safe: every response already stored is a duplicate.
    deps.logger.warn('the checkpoint in the Forms tab is not an ISO time with offset; reading every response of the form', {
      formId,
      row: entry.rowNumber,
    });
  }

  const form = await deps.forms.getForm(formId);
  const titles = questionTitles(form.items ?? []);
  // ">=": a response submitted in the checkpoint's instant but listed only later is still read; the ones
  // already stored at that instant come back as duplicates.
  const { listed, unreadable } = inOrder(await deps.forms.listResponses(formId, checkpoint), kind, titles);

  const { counts, latest, lastAccepted } = await storeResponses(listed, formId, kind, deps);
  if (unreadable > 0) deps.logger.warn('form responses without id or submission time skipped', { formId, count: unreadable });

  const moved =
    latest !== undefined && (checkpoint === undefined || latest > checkpoint)
      ? await storeCheckpoint(formId, latest, zone, deps)
      : undefined;
  // A moved checkpoint with nothing accepted is the redelivery of a run that stored responses and then
  // failed before it asked for the recompute; the same notification once more moves nothing and asks for nothing.
  if (lastAccepted !== undefined || moved?.written) await deps.recomputeAfterSubmit(lastAccepted ?? formId);
  const shown = moved?.shown ?? (checkpoint === undefined ? undefined : instantInZone(checkpoint, zone));
  deps.logger.info('forms notification processed', {
    formId,
    kind,
    listed: listed.length,
    ...counts,
    ...(shown === undefined ? {} : { checkpoint: shown }),
  });
  return { outcome: 'processed', formId, kind, ...counts, unreadable, ...(shown === undefined ? {} : { checkpoint: shown }) };
}

/**
 * Move the form's checkpoint forward, never back: the tab is read again just before the write, so a
 * concurrent delivery that got further, or a watch renewal that wrote the tab meanwhile, is kept. Two
 * writers racing inside that window can still set the checkpoint back, which only makes the next run
 * list responses again that are then duplicates.
 */
async function storeCheckpoint(
  formId: string,
  latest: InstantKey,
  zone: string,
  deps: FormsWatchDeps,
): Promise<{ shown: string; written: boolean } | undefined> {
  const table = (await deps.store.read([FORMS_TAB.name])).get(FORMS_TAB.name) as Table;
  const entry = findForm(table, formId);
  if (!entry) return undefined;
  const stored = entry.checkpoint === '' ? undefined : instantKey(entry.checkpoint);
  if (stored !== undefined && stored >= latest) return { shown: instantInZone(stored, zone), written: false };
  const shown = instantInZone(latest, zone);
  const now = deps.clock.now().setZone(zone).startOf('second').toISO({ suppressMilliseconds: true });
  await deps.store.replace(
    new Map([[FORMS_TAB.name, formsTabWith(table, new Map([[entry.rowNumber, { checkpoint: shown, updated_at: now }]]))]]),
  );
  return { shown, written: true };
}
