// What to do with a form's RESPONSES watch: create one, renew the one that is expiring or suspended, or keep it.
import { DateTime } from 'luxon';

/** A watch as the Forms API lists it; the @googleapis/forms Watch type fits it. */
export interface WatchInfo {
  readonly id?: string | null;
  readonly eventType?: string | null;
  readonly expireTime?: string | null;
  readonly state?: string | null;
  readonly target?: { readonly topic?: { readonly topicName?: string | null } | null } | null;
}

export type WatchAction =
  | { readonly action: 'create' }
  | { readonly action: 'renew'; readonly watchId: string; readonly reason: 'expiring' | 'suspended' }
  | { readonly action: 'keep'; readonly watchId: string; readonly expireTime: string };

/**
 * A watch lasts seven days and each renewal restarts the seven days; renewing what expires within two days
 * from a daily job leaves two runs to succeed before any notification is lost.
 */
export const RENEW_WITHIN_HOURS = 48;

/**
 * The action for one form. Only RESPONSES watches on our topic count (a SCHEMA watch or someone else's topic
 * is not ours to touch); of several, the one that lasts longest is kept and the others simply expire.
 */
export function planWatch(watches: readonly WatchInfo[], topic: string, now: DateTime): WatchAction {
  const ours = watches
    .filter((watch) => watch.eventType === 'RESPONSES' && watch.target?.topic?.topicName === topic && Boolean(watch.id))
    .map((watch) => ({ watch, expires: DateTime.fromISO(watch.expireTime ?? '', { zone: 'utc' }) }))
    // A watch already past its expiry cannot be renewed; a new one is created instead.
    .filter(({ expires }) => expires.isValid && expires > now)
    .sort((a, b) => b.expires.toMillis() - a.expires.toMillis());
  const best = ours[0];
  if (!best) return { action: 'create' };
  const watchId = best.watch.id as string;
  if (best.watch.state !== 'ACTIVE') return { action: 'renew', watchId, reason: 'suspended' };
  if (best.expires.diff(now, 'hours').hours <= RENEW_WITHIN_HOURS) return { action: 'renew', watchId, reason: 'expiring' };
  return { action: 'keep', watchId, expireTime: best.watch.expireTime as string };
}
