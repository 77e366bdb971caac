// The watch renewal job: every form in the Forms tab keeps a RESPONSES watch on our topic, owned by the functions' account, recorded in one write.
import { DateTime } from 'luxon';
import { FORMS_TAB, SETTINGS_TAB } from '../../../sheets-templates/index.js';
import type { Cell } from '../core/cells.js';
import { formEntries, formsTabWith } from '../core/forms-tab.js';
import { parseSettings } from '../core/settings.js';
import type { Table } from '../core/table.js';
import { planWatch, type WatchInfo } from '../core/watch-plan.js';
import { type Clock, type Logger, type SheetStore, FormsApiError, type FormsApi } from '../ports.js';

export interface RenewWatchesDeps {
  readonly store: SheetStore;
  readonly forms: FormsApi;
  readonly clock: Clock;
  readonly logger: Logger;
  /** projects/<project>/topics/<topic>, the FORMS_WATCH_TOPIC the formsWatch function is subscribed to. */
  readonly topic: string;
}

export interface WatchRenewal {
  readonly formId: string;
  readonly kind: string;
  readonly action: 'created' | 'renewed' | 'kept' | 'failed';
  readonly watchId?: string;
  /** When the watch expires, in the Settings time zone. */
  readonly expiresAt?: string;
  /** Why it failed (a FormsApiError code) and what to do. */
  readonly code?: string;
  readonly message?: string;
}

export interface RenewReport {
  readonly forms: readonly WatchRenewal[];
  readonly created: number;
  readonly renewed: number;
  readonly kept: number;
  readonly failed: number;
}

function shownIn(zone: string, iso: string | null | undefined): string | undefined {
  const time = DateTime.fromISO(iso ?? '', { setZone: true });
  return time.isValid ? (time.setZone(zone).startOf('second').toISO({ suppressMilliseconds: true }) ?? undefined) : undefined;
}

const isCode = (error: unknown, code: FormsApiError['code']) => error instanceof FormsApiError && error.code === code;

type Watched = { readonly watch: WatchInfo; readonly action: WatchRenewal['action'] };

/**
 * Create the watch, or renew the one listed. A watch that expired between the listing and the renewal is
 * NOT_FOUND: a new one is created. Google keeps one watch per (account, form, event type), so a create refused
 * with FAILED_PRECONDITION means this account has one already that the plan did not take: made meanwhile (listed
 * again and renewed), or on another topic (an old FORMS_WATCH_TOPIC: deleted, and ours created).
 */
async function watchNow(formId: string, deps: RenewWatchesDeps, retried = false): Promise<Watched> {
  const plan = planWatch(await deps.forms.listWatches(formId), deps.topic, deps.clock.now());
  if (plan.action === 'keep') return { watch: { id: plan.watchId, expireTime: plan.expireTime }, action: 'kept' };
  try {
    if (plan.action === 'renew') return { watch: await deps.forms.renewWatch(formId, plan.watchId), action: 'renewed' };
    return { watch: await deps.forms.createWatch(formId, deps.topic), action: 'created' };
  } catch (error) {
    if (plan.action === 'renew' && isCode(error, 'NOT_FOUND')) {
      return { watch: await deps.forms.createWatch(formId, deps.topic), action: 'created' };
    }
    if (plan.action !== 'create' || !isCode(error, 'FAILED_PRECONDITION') || retried) throw error;
    const stale = (await deps.forms.listWatches(formId)).filter(
      (watch) => watch.eventType === 'RESPONSES' && watch.target?.topic?.topicName !== deps.topic,
    );
    for (const watch of stale) if (watch.id) await deps.forms.deleteWatch(formId, watch.id);
    return watchNow(formId, deps, true);
  }
}

/** Create, renew or keep the watch of one form; a failure of one form is reported, never stops the others. */
async function renewOne(formId: string, kind: string, deps: RenewWatchesDeps, zone: string): Promise<WatchRenewal> {
  try {
    const { watch, action } = await watchNow(formId, deps);
    const expiresAt = shownIn(zone, watch.expireTime);
    return { formId, kind, action, ...(watch.id ? { watchId: watch.id } : {}), ...(expiresAt === undefined ? {} : { expiresAt }) };
  } catch (error) {
    if (!(error instanceof FormsApiError)) throw error;
    const message = isCode(error, 'NOT_AUTHORIZED') ? `${error.message}. ${OWNER_ADVICE}` : error.message;
    return { formId, kind, action: 'failed', code: error.code, message };
  }
}

/** Watches stop when their owner loses edit access: the owner must be the functions' account, an editor of every form. */
const OWNER_ADVICE =
  "Watches are created and renewed only as the functions' service account, which must stay an editor of every form " +
  '(provision --google --service-account <its e-mail> shares them with it)';

/**
 * For every form in the Forms tab: list its watches, renew a RESPONSES watch that expires within 48 hours
 * (or is suspended), create one when there is none, and record watch_id and watch_expires_at. Watches
 * last seven days, so running this daily (Cloud Scheduler) is enough. Safe to run again at any time.
 */
export async function runRenewWatches(deps: RenewWatchesDeps): Promise<RenewReport> {
  const tables = await deps.store.read([FORMS_TAB.name, SETTINGS_TAB.name]);
  const zone = parseSettings(tables.get(SETTINGS_TAB.name)).time_zone;
  const entries = formEntries(tables.get(FORMS_TAB.name) as Table);
  const results = new Map<string, WatchRenewal>();
  // One form at a time: the Forms API quota is per minute, and a dozen forms take a few seconds.
  for (const entry of entries) {
    if (results.has(entry.formId)) continue;
    const result = await renewOne(entry.formId, entry.kindText, deps, zone);
    results.set(entry.formId, result);
    const fields = {
      formId: result.formId,
      kind: result.kind,
      action: result.action,
      ...(result.expiresAt ? { expiresAt: result.expiresAt } : {}),
    };
    if (result.action === 'failed') deps.logger.error('forms watch not renewed', { ...fields, code: result.code, error: result.message });
    else deps.logger.info('forms watch', fields);
  }

  // Read the tab again right before the write, so checkpoints moved by notifications meanwhile are kept.
  const fresh = (await deps.store.read([FORMS_TAB.name])).get(FORMS_TAB.name) as Table;
  const now = deps.clock.now().setZone(zone).startOf('second').toISO({ suppressMilliseconds: true });
  const changes = new Map<number, Record<string, Cell>>();
  for (const entry of formEntries(fresh)) {
    const result = results.get(entry.formId);
    if (!result?.watchId || !result.expiresAt) continue;
    if (entry.watchId === result.watchId && shownIn(zone, entry.watchExpiresAt) === result.expiresAt) continue;
    changes.set(entry.rowNumber, { watch_id: result.watchId, watch_expires_at: result.expiresAt, updated_at: now });
  }
  if (changes.size > 0) await deps.store.replace(new Map([[FORMS_TAB.name, formsTabWith(fresh, changes)]]));

  const forms = [...results.values()];
  const count = (action: WatchRenewal['action']) => forms.filter((form) => form.action === action).length;
  return { forms, created: count('created'), renewed: count('renewed'), kept: count('kept'), failed: count('failed') };
}
