// Instants with the nanosecond precision the Forms API gives, so checkpoints compare exactly and never skip a response.
import { DateTime } from 'luxon';

/**
 * An instant as RFC 3339 UTC text with exactly nine fractional digits, e.g. `2026-06-15T01:00:00.123456000Z`.
 * Keys of two instants compare like the instants themselves, as plain strings.
 */
export type InstantKey = string & { readonly __instantKey: unique symbol };

const PATTERN = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * The key of an ISO-8601 / RFC 3339 instant with an offset (or Z), keeping up to nine fractional digits;
 * undefined when the text is not such an instant. Luxon alone would cut the fraction to milliseconds, and a
 * checkpoint rounded down is harmless but one rounded up would skip responses submitted in that millisecond.
 */
export function instantKey(text: string): InstantKey | undefined {
  const match = PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, date = '', time = '', fraction = '', offset = ''] = match;
  const zone = offset.toUpperCase() === 'Z' ? 'UTC' : `UTC${offset.length === 5 ? `${offset.slice(0, 3)}:${offset.slice(3)}` : offset}`;
  const seconds = DateTime.fromISO(`${date}T${time}`, { zone });
  if (!seconds.isValid) return undefined;
  return `${seconds.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss")}.${fraction.padEnd(9, '0')}Z` as InstantKey;
}

/** The instant of a key shown in a time zone, fraction kept (trailing zeros dropped): what the Forms tab holds. */
export function instantInZone(key: InstantKey, zone: string): string {
  const seconds = DateTime.fromISO(key.slice(0, 19), { zone: 'UTC' }).setZone(zone);
  const fraction = key.slice(20, 29).replace(/0+$/, '');
  const offset = seconds.toFormat('ZZ');
  return `${seconds.toFormat("yyyy-MM-dd'T'HH:mm:ss")}${fraction === '' ? '' : `.${fraction}`}${offset === '+00:00' ? 'Z' : offset}`;
}

/** The later of two keys; undefined counts as "never". */
export function laterKey(a: InstantKey | undefined, b: InstantKey | undefined): InstantKey | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a >= b ? a : b;
}
