// Rules for taking an entry in: is it a submission at all, is its time believable, what Rejected keeps of it, which time orders it.
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { ROSTER_TAB, type TabDef } from '../../../sheets-templates/index.js';
import type { Cell } from './cells.js';
import type { Problem } from './problems.js';
import { markedText } from './storable-text.js';

const ENVELOPE_KEYS = ['id', 'kind', 'submittedAt', 'submitter', 'answers'] as const;

/** A body naming none of the envelope's fields is no submission at all (junk, a probe): answered 400, never stored. */
export function carriesEnvelope(body: Readonly<Record<string, unknown>>): boolean {
  return ENVELOPE_KEYS.some((key) => Object.hasOwn(body, key));
}

export interface TimeWindow {
  readonly from: DateTime;
  readonly to: DateTime;
}

/**
 * The times a `submittedAt` may name: from the start of the year before the plan year (the year of the
 * Plan's earliest course, or this year with an empty Plan) to one day after now. A client's clock may be
 * off by hours; a year-2000 date is an attempt to sort first.
 */
export function submittedAtWindow(courseStarts: readonly string[], now: DateTime, zone: string): TimeWindow {
  const years = courseStarts.map((date) => Number(date.slice(0, 4))).filter((year) => Number.isInteger(year) && year > 0);
  const planYear = years.length > 0 ? Math.min(...years) : now.setZone(zone).year;
  return { from: DateTime.fromObject({ year: planYear - 1, month: 1, day: 1 }, { zone }), to: now.plus({ days: 1 }) };
}

/** A problem when the envelope's time (ISO with offset, as the envelope checked) lies outside the window. */
export function submittedAtProblems(submittedAt: string, window: TimeWindow, zone: string): Problem[] {
  const at = DateTime.fromISO(submittedAt, { setZone: true });
  if (!at.isValid || (at >= window.from && at <= window.to)) return [];
  const show = (time: DateTime) => time.setZone(zone).toFormat('yyyy-MM-dd HH:mm');
  return [{ field: 'submittedAt', rule: 'time_outside_window', params: { from: show(window.from), to: show(window.to) } }];
}

/** Characters of a rejected body the Rejected tab keeps: enough to read what was sent, too few to fill a workbook. */
export const EXCERPT_CHARS = 2000;

/** Hex digits of the SHA-256 kept: 64 bits, with the submission id ample to recognise a retry of the same body. */
const DIGEST_HEX = 16;

/** What Rejected keeps of a refused body: its first 2,000 characters, then its size and a hash that recognises a retry of it. */
export function rejectedRaw(raw: Buffer | string): string {
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8');
  const digest = createHash('sha256').update(bytes).digest('hex').slice(0, DIGEST_HEX);
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : raw;
  const chars = Array.from(text.slice(0, EXCERPT_CHARS * 2)).slice(0, EXCERPT_CHARS + 1);
  const excerpt = chars.slice(0, EXCERPT_CHARS).join('');
  // One line, the excerpt first: a sheet shows a cell's first line, and staff read what was sent before its hash.
  return `${readable(excerpt)}${chars.length > EXCERPT_CHARS ? ' …' : ''} [${bytes.length} bytes, sha256 ${digest}]`;
}

/**
 * Text a workbook can hold, every dropped character visible: what `markedText` marks as U+FFFD, and DEL too, which a
 * workbook could store but nobody reading the excerpt would see.
 */
function readable(text: string): string {
  return markedText(text).replaceAll('\u007f', '\ufffd');
}

/**
 * The row as stored: a Roster row is dated by when the function received it, since the earliest roster row
 * of a trainee names them; the client's `submittedAt` never decides who comes first.
 */
export function stampReceived(tab: TabDef, row: Readonly<Record<string, Cell>>, receivedAt: DateTime, zone: string): Record<string, Cell> {
  if (tab.name !== ROSTER_TAB.name) return { ...row };
  return { ...row, submitted_at: receivedAt.setZone(zone).toISO({ suppressMilliseconds: true }) };
}
