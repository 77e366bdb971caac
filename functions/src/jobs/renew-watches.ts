// The watch renewal job: every form in the Forms tab keeps a RESPONSES watch on our topic, recorded in one write of the tab.
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

/** Create, renew or keep the watch of one form; a failure of one form is reported, never stops the others. */
async function renewOne(formId: string, kind: string, deps: RenewWatchesDeps, zone: string): Promise<WatchRenewal> {
  try {
    const plan = planWatch(await deps.forms.listWatches(formId), deps.topic, deps.clock.now());
    let watch: WatchInfo;
    let action: WatchRenewal['action'];
    if (plan.action === 'create') {
      watch = await deps.forms.createWatch(formId, deps.topic);
      action = 'created';
    } else if (plan.action === 'renew') {
      watch = await deps.forms.renewWatch(formId, plan.watchId);
      action = 'renewed';
    } else {
      watch = { id: plan.watchId, expireTime: plan.expireTime };
      action = 'kept';
    }
    const expiresAt = shownIn(zone, watch.expireTime);
    return { formId, kind, action, ...(watch.id ? { watchId: watch.id } : {}), ...(expiresAt === undefined ? {} : { expiresAt }) };
  } catch (error) {
    if (!(error instanceof FormsApiError)) throw error;
    return { formId, kind, action: 'failed', code: error.code, message: error.message };
  }
}

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
