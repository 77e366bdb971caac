// The FeedbackLog tab as state: what was sent, what waits, what failed, and which messages are due on this run.
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { FEEDBACK_KINDS, FEEDBACK_STATUSES, type EmailKind } from '../../../../sheets-templates/index.js';
import { cellChoice, cellDateTime, cellNumber, cellText, isBlank } from '../cells.js';
import type { Language } from '../problems.js';
import type { Table } from '../table.js';
import { choiceText } from '../words.js';
import type { Feedback } from './desired.js';

export type LogStatus = 'pending' | 'queued' | 'sent' | 'failed' | 'unconfirmed' | 'resend';

/** One FeedbackLog row. Times are ISO text with offset, '' when unset. */
export interface LogEntry {
  readonly key: string;
  readonly kind: EmailKind;
  readonly trainee_id: string;
  readonly course_id: string;
  readonly email: string;
  readonly subject: string;
  readonly status: LogStatus;
  readonly first_seen_at: string;
  readonly tries: number;
  readonly next_try_at: string;
  readonly sent_at: string;
  readonly message_id: string;
  readonly provider_id: string;
  readonly error: string;
  /**
   * The key the mailer knows this message by, when it is not `key`: a message sent again on staff's request
   * gets a key (and Message-ID) of its own, so the outbox keeps both and a lookup finds the right one.
   * Kept by the send ledger only; not a FeedbackLog column.
   */
  readonly mail_key?: string;
}

export type LogRecord = Readonly<Record<string, string | number | null>>;

export interface ParsedLog {
  readonly entries: readonly LogEntry[];
  /** Rows that do not read as an entry (a status staff typed by hand, say): written back untouched; their keys are never sent. */
  readonly opaque: readonly { readonly key: string; readonly values: LogRecord }[];
}

export interface RetryPolicy {
  /** Minutes a result must stay unchanged before it is sent. */
  readonly holdMinutes: number;
  /** Send pending messages without waiting for the hold (an operator's "send now"). */
  readonly ignoreHold: boolean;
  /** Tries after which a failing message waits for staff instead of retrying. */
  readonly maxTries: number;
}

export interface Due {
  readonly entry: LogEntry;
  /** The message as the data stands now; undefined when only the fate of an interrupted send is to be settled. */
  readonly feedback?: Feedback;
  /** A different result under the same base was already sent: this one says it corrects it. */
  readonly correction: boolean;
}

export interface Reconciled {
  /** Every entry, in log order, new ones last; superseded pending entries are gone. */
  readonly entries: readonly LogEntry[];
  readonly due: readonly Due[];
  /** Pending messages still inside their hold. */
  readonly held: number;
  /** Whether the entries differ from the log as read (so the log must be written even if nothing is sent). */
  readonly changed: boolean;
}

const zoneless = (value: unknown, zone: string) => {
  const parsed = cellDateTime(isBlank(value) ? '' : value, zone);
  return typeof parsed === 'string' ? parsed : '';
};

export function parseLog(table: Table | undefined, zone: string): ParsedLog {
  const entries: LogEntry[] = [];
  const opaque: { key: string; values: LogRecord }[] = [];
  for (const row of table?.rows ?? []) {
    const v = row.values;
    const key = cellText(v['feedback_key']);
    const status = isBlank(v['status']) ? 'pending' : cellChoice(v['status'], FEEDBACK_STATUSES);
    const kind = cellChoice(v['kind'], FEEDBACK_KINDS);
    const tries = isBlank(v['tries']) ? 0 : cellNumber(v['tries']);
    const known = FEEDBACK_STATUSES.some((choice) => choice.value === status) && FEEDBACK_KINDS.some((choice) => choice.value === kind);
    if (key === '' || !known || typeof tries !== 'number' || !Number.isInteger(tries)) {
      opaque.push({ key, values: Object.fromEntries(Object.entries(v).map(([name, cell]) => [name, cell])) as LogRecord });
      continue;
    }
    entries.push({
      key,
      kind: kind as EmailKind,
      trainee_id: cellText(v['trainee_id']),
      course_id: cellText(v['course_id']),
      email: cellText(v['email']),
      subject: cellText(v['subject']),
      status: status as LogStatus,
      first_seen_at: zoneless(v['first_seen_at'], zone),
      tries,
      next_try_at: zoneless(v['next_try_at'], zone),
      sent_at: zoneless(v['sent_at'], zone),
      message_id: cellText(v['message_id']),
      provider_id: cellText(v['provider_id']),
      error: cellText(v['error']),
    });
  }
  return { entries, opaque };
}

/**
 * The log as the send ledger says it stands: for every key the ledger knows, its state there wins over the tab
 * (a tab reverted to an old copy, edited or with rows deleted changes nothing), except that `resend` typed in
 * the tab over a message that went out asks for it to be sent again. Keys only the tab knows stay as they are.
 */
export function withLedger(log: ParsedLog, ledger: ReadonlyMap<string, LogEntry>): ParsedLog {
  const inTab = new Map(log.entries.map((entry) => [entry.key, entry]));
  const entries: LogEntry[] = [];
  for (const entry of log.entries) {
    const recorded = ledger.get(entry.key);
    if (!recorded) entries.push(entry);
    else if (entry.status === 'resend' && recorded.status !== 'pending' && recorded.status !== 'queued')
      entries.push({ ...recorded, status: 'resend' });
    else entries.push(recorded);
  }
  for (const [key, recorded] of ledger) if (!inTab.has(key)) entries.push(recorded);
  const known = new Set(entries.map((entry) => entry.key));
  return { entries, opaque: log.opaque.filter((row) => !known.has(row.key)) };
}

/** A log entry as its row; kind and status are written in the reader's language (parseLog reads either). */
export function entryRecord(entry: LogEntry, language: Language = 'zh-CN'): LogRecord {
  return {
    feedback_key: entry.key,
    kind: choiceText(FEEDBACK_KINDS, entry.kind, language),
    trainee_id: entry.trainee_id || null,
    course_id: entry.course_id || null,
    email: entry.email || null,
    subject: entry.subject || null,
    status: choiceText(FEEDBACK_STATUSES, entry.status, language),
    first_seen_at: entry.first_seen_at || null,
    tries: entry.tries,
    next_try_at: entry.next_try_at || null,
    sent_at: entry.sent_at || null,
    message_id: entry.message_id || null,
    provider_id: entry.provider_id || null,
    error: entry.error ? entry.error.slice(0, 2000) : null,
  };
}

/** entryRecord in one language, for mapping a log's entries. */
export function entryRecordIn(language: Language): (entry: LogEntry) => LogRecord {
  return (entry) => entryRecord(entry, language);
}

export function baseOf(key: string): string {
  const cut = key.lastIndexOf('|');
  return cut < 0 ? key : key.slice(0, cut);
}

const iso = (time: DateTime) => time.startOf('second').toISO({ suppressMilliseconds: true }) ?? '';
const reached = (time: string, now: DateTime) => time === '' || DateTime.fromISO(time) <= now;

/**
 * Merge what the data calls for with what the log says happened. A key in the log is never a new
 * message again; a pending key whose result moved on is dropped (it was never sent); an interrupted
 * send ('queued') is always settled, even when its result has moved on, because it may have gone out.
 */
export function reconcile(desired: readonly Feedback[], log: ParsedLog, now: DateTime, policy: RetryPolicy): Reconciled {
  const wanted = new Map(desired.map((message) => [message.key, message]));
  const known = new Set([...log.entries.map((entry) => entry.key), ...log.opaque.map((row) => row.key)]);
  const sentBases = new Set(log.entries.filter((entry) => entry.status === 'sent').map((entry) => baseOf(entry.key)));
  const stamp = iso(now);
  const holdUntil = (entry: LogEntry) => DateTime.fromISO(entry.first_seen_at || stamp).plus({ minutes: policy.holdMinutes });

  const entries: LogEntry[] = [];
  const due: Due[] = [];
  let held = 0;
  let changed = false;
  const consider = (entry: LogEntry, message: Feedback | undefined) => {
    const correction = message !== undefined && sentBases.has(message.base) && entry.status !== 'sent';
    if (entry.status === 'queued' && reached(entry.next_try_at, now))
      due.push({ entry, ...(message ? { feedback: message } : {}), correction });
    if (message === undefined) return;
    // Staff asked for it to go out again: due now, whatever the hold.
    if (entry.status === 'resend') due.push({ entry, feedback: message, correction: false });
    if (entry.status === 'pending') {
      if (policy.ignoreHold || holdUntil(entry) <= now) due.push({ entry, feedback: message, correction });
      else held += 1;
    } else if (entry.status === 'failed' && entry.tries < policy.maxTries && reached(entry.next_try_at, now)) {
      due.push({ entry, feedback: message, correction });
    }
  };

  for (const entry of log.entries) {
    const message = wanted.get(entry.key);
    if (entry.status === 'pending' && message === undefined) {
      changed = true;
      continue;
    }
    if (entry.status === 'resend' && message === undefined) {
      // Its result has moved on since: the current result goes out under its own key; this one stays as it was.
      entries.push({ ...entry, status: entry.sent_at === '' ? 'failed' : 'sent' });
      changed = true;
      continue;
    }
    entries.push(entry);
    consider(entry, message);
  }
  for (const message of desired) {
    if (known.has(message.key)) continue;
    known.add(message.key);
    const entry: LogEntry = {
      key: message.key,
      kind: message.kind,
      trainee_id: message.traineeId,
      course_id: message.courseId,
      email: message.to.address,
      subject: '',
      status: 'pending',
      first_seen_at: stamp,
      tries: 0,
      next_try_at: '',
      sent_at: '',
      message_id: '',
      provider_id: '',
      error: '',
    };
    changed = true;
    entries.push(entry);
    consider(entry, message);
  }
  // Oldest first, so a backlog drains in the order results appeared.
  due.sort((a, b) =>
    a.entry.first_seen_at < b.entry.first_seen_at
      ? -1
      : a.entry.first_seen_at > b.entry.first_seen_at
        ? 1
        : a.entry.key < b.entry.key
          ? -1
          : 1,
  );
  return { entries, due, held, changed };
}

/** Messages handed to the mailer in the 24 hours before `now` (sent, or possibly sent). */
export function sentInLastDay(entries: readonly LogEntry[], now: DateTime): number {
  const since = now.minus({ hours: 24 });
  return entries.filter((entry) => entry.status === 'sent' && entry.sent_at !== '' && DateTime.fromISO(entry.sent_at) > since).length;
}

/** Minutes before retry number `tries` + 1: 5, 10, 20 … capped at 6 hours, spread ±20% so a burst of failures does not retry in step. */
export function retryDelayMinutes(tries: number, random: number): number {
  const base = Math.min(360, 5 * 2 ** Math.max(0, tries - 1));
  return base * (0.8 + 0.4 * random);
}

/** A Message-ID that is the same for every try of a key, so a send can be looked up and recognised as a repeat. */
export function messageIdFor(key: string, domain: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@${domain}>`;
}

export const transitions = {
  /** `sent_at` holds the hand-over time while queued: a send found in the mailbox later is dated by it. */
  queued(entry: LogEntry, now: DateTime, fields: { messageId: string; subject: string; email: string; mailKey?: string }): LogEntry {
    return {
      ...entry,
      ...(fields.mailKey === undefined ? {} : { mail_key: fields.mailKey }),
      status: 'queued',
      tries: entry.tries + 1,
      message_id: fields.messageId,
      subject: fields.subject,
      email: fields.email,
      next_try_at: '',
      error: '',
      sent_at: iso(now),
    };
  },
  sent(entry: LogEntry, now: DateTime, providerId: string): LogEntry {
    return { ...entry, status: 'sent', sent_at: iso(now), provider_id: providerId, next_try_at: '', error: '' };
  },
  /** `delivered: 'unknown'` keeps the entry queued so the next run verifies before sending again. */
  failed(entry: LogEntry, now: DateTime, error: string, delivered: 'no' | 'unknown', policy: RetryPolicy, random: number): LogEntry {
    const next =
      entry.tries >= policy.maxTries && delivered === 'no' ? '' : iso(now.plus({ minutes: retryDelayMinutes(entry.tries, random) }));
    return { ...entry, status: delivered === 'unknown' ? 'queued' : 'failed', sent_at: '', next_try_at: next, error };
  },
  unconfirmed(entry: LogEntry, note: string): LogEntry {
    return { ...entry, status: 'unconfirmed', next_try_at: '', error: note };
  },
};
