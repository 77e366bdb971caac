// The feedback job: grade in memory, reconcile with FeedbackLog, send what is due in paced, logged batches.
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { FEEDBACK_LOG_TAB } from '../../../sheets-templates/index.js';
import { desiredFeedback } from '../core/feedback/desired.js';
import {
  entryRecordIn,
  messageIdFor,
  parseLog,
  reconcile,
  sentInLastDay,
  transitions,
  type Due,
  type LogEntry,
  type RetryPolicy,
} from '../core/feedback/log.js';
import { renderFeedback } from '../core/feedback/render.js';
import { recompute } from '../core/grading/recompute.js';
import { readSourceRows, SOURCE_TAB_NAMES } from '../core/source-data.js';
import type { Clock, ComposedMail, FeedbackLimits, Logger, MailAddress, Mailer, SheetStore } from '../ports.js';
import type { RowRecord } from '../core/table.js';

export interface FeedbackDeps {
  readonly store: SheetStore;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly limits: FeedbackLimits;
  readonly from: MailAddress;
  readonly replyTo?: MailAddress;
  /** Injected by tests: waiting, the run's elapsed time and the retry jitter. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly elapsedMs?: () => number;
  readonly random?: () => number;
}

export interface FeedbackOptions {
  /** Render what is due and return it; nothing is sent and nothing is written. */
  readonly dryRun?: boolean;
  /** Send pending messages now instead of waiting for their hold. */
  readonly ignoreHold?: boolean;
  /** At most this many messages this run. */
  readonly limit?: number;
}

export interface Preview {
  readonly key: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly correction: boolean;
}

export interface FeedbackReport {
  readonly sent: number;
  readonly failed: number;
  /** Interrupted sends found in the mailbox, now logged as sent without sending again. */
  readonly confirmed: number;
  /** Interrupted sends the mailer cannot look up: left for staff, never sent again automatically. */
  readonly unconfirmed: number;
  /** Pending messages waiting for their result to settle. */
  readonly held: number;
  /** Due messages left for the next run. */
  readonly remaining: number;
  readonly stopped: 'done' | 'time' | 'daily-cap' | 'limit';
  readonly preview?: readonly Preview[];
}

const UNCONFIRMED_NOTE =
  'The send was interrupted and this mailer cannot tell whether the message went out. Check the recipient received it; delete this row to send it again. / 发送过程中断，无法确认是否已发出；请核实收件情况，如需重发请删除此行。';

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runFeedback(deps: FeedbackDeps, options: FeedbackOptions = {}): Promise<FeedbackReport> {
  const elapsed = deps.elapsedMs ?? (() => performance.now());
  const sleep = deps.sleep ?? defaultSleep;
  const random = deps.random ?? Math.random;
  const started = elapsed();
  const { limits, store, mailer } = deps;

  const tables = await store.read([...SOURCE_TAB_NAMES, FEEDBACK_LOG_TAB.name]);
  const source = readSourceRows(tables);
  const { settings } = source;
  const now = () => deps.clock.now().setZone(settings.time_zone);
  const desired = desiredFeedback({ result: recompute(source, now()), source, now: now() });
  const log = parseLog(tables.get(FEEDBACK_LOG_TAB.name), settings.time_zone);
  const policy: RetryPolicy = {
    holdMinutes: settings.feedback_hold_minutes,
    ignoreHold: options.ignoreHold ?? false,
    maxTries: limits.maxTries,
  };
  const plan = reconcile(desired, log, now(), policy);

  const domain = deps.from.address.split('@')[1] ?? 'localhost';
  const prepare = async (due: Due & { feedback: NonNullable<Due['feedback']> }): Promise<{ mail: ComposedMail; subject: string }> => {
    const rendered = renderFeedback(due.feedback, settings, { correction: due.correction, now: now() });
    // nodemailer is loaded with the first message to send, not by every cold start.
    const { composeMail } = await import('../adapters/mail/compose.js');
    const mail = await composeMail({
      key: due.entry.key,
      messageId: messageIdFor(due.entry.key, domain),
      from: deps.from,
      to: due.feedback.to,
      ...(deps.replyTo ? { replyTo: deps.replyTo } : {}),
      ...rendered,
      date: now().toJSDate(),
    });
    return { mail, subject: rendered.subject };
  };

  if (options.dryRun) {
    const preview: Preview[] = [];
    for (const due of plan.due.slice(0, options.limit ?? plan.due.length)) {
      if (!due.feedback) continue;
      const rendered = renderFeedback(due.feedback, settings, { correction: due.correction, now: now() });
      preview.push({
        key: due.entry.key,
        to: due.feedback.to.address,
        subject: rendered.subject,
        text: rendered.text,
        correction: due.correction,
      });
    }
    return { sent: 0, failed: 0, confirmed: 0, unconfirmed: 0, held: plan.held, remaining: plan.due.length, stopped: 'done', preview };
  }

  // The log as it will be written: entries by key, in order; rows we could not read are kept as they were.
  const entries = new Map<string, LogEntry>(plan.entries.map((entry) => [entry.key, entry]));
  const opaque: RowRecord[] = log.opaque.map((row) => row.values);
  let lastWriteMs = 0;
  const write = async () => {
    const before = elapsed();
    await store.replace(new Map([[FEEDBACK_LOG_TAB.name, [...[...entries.values()].map(entryRecordIn(settings.language)), ...opaque]]]));
    lastWriteMs = elapsed() - before;
  };
  if (plan.changed) await write();

  const counts = { sent: 0, failed: 0, confirmed: 0, unconfirmed: 0 };
  const queue = [...plan.due];
  let capLeft = limits.dailyCap - sentInLastDay([...entries.values()], now());
  let limitLeft = options.limit ?? Number.POSITIVE_INFINITY;
  let stopped: FeedbackReport['stopped'] = 'done';
  const interval = limits.ratePerSecond > 0 ? 1000 / limits.ratePerSecond : 0;
  let nextSendAt = elapsed();
  // Time kept back for the log write that ends a batch, with a margin for a slow store.
  const reserve = () => Math.max(2000, lastWriteMs * 2);
  const timeLeft = () => limits.timeBudgetMs - (elapsed() - started) - reserve();

  while (queue.length > 0) {
    if (capLeft <= 0) {
      stopped = 'daily-cap';
      break;
    }
    if (limitLeft <= 0) {
      stopped = 'limit';
      break;
    }
    const fitsInTime = interval > 0 ? Math.floor(timeLeft() / interval) : timeLeft() > 0 ? limits.batchSize : 0;
    const size = Math.min(limits.batchSize, capLeft, limitLeft, fitsInTime);
    if (size <= 0) {
      stopped = 'time';
      break;
    }
    const batch = queue.splice(0, size);

    // Settle interrupted sends first: a message that may have gone out is only sent again when the mailbox says it did not.
    const toSend: (Due & { feedback: NonNullable<Due['feedback']> })[] = [];
    for (const due of batch) {
      if (due.entry.status === 'queued') {
        const found = due.entry.message_id === '' ? false : await mailer.wasSent({ key: due.entry.key, messageId: due.entry.message_id });
        if (found === true) {
          const handedOver = due.entry.sent_at === '' ? now() : DateTime.fromISO(due.entry.sent_at, { setZone: true });
          entries.set(due.entry.key, transitions.sent(due.entry, handedOver, due.entry.provider_id || 'found in mailbox'));
          counts.confirmed += 1;
          continue;
        }
        if (found === undefined) {
          entries.set(due.entry.key, transitions.unconfirmed(due.entry, UNCONFIRMED_NOTE));
          counts.unconfirmed += 1;
          deps.logger.warn('feedback send unconfirmed', { key: due.entry.key });
          continue;
        }
        if (due.feedback === undefined) {
          // Never went out and its result has moved on: nothing to send under this key any more.
          entries.delete(due.entry.key);
          continue;
        }
      }
      if (due.feedback !== undefined) toSend.push({ ...due, feedback: due.feedback });
    }

    const prepared = await Promise.all(toSend.map(async (due) => ({ due, ...(await prepare(due)) })));
    for (const { due, mail, subject } of prepared) {
      entries.set(due.entry.key, transitions.queued(due.entry, now(), { messageId: mail.messageId, subject, email: mail.to.address }));
    }
    if (prepared.length > 0 || batch.length > 0) await write();

    for (let i = 0; i < prepared.length; i += 1) {
      const item = prepared[i];
      if (item === undefined) continue;
      const wait = nextSendAt - elapsed();
      if (wait > 0) await sleep(wait);
      if (limits.timeBudgetMs - (elapsed() - started) - reserve() < 0) {
        // Out of time mid-batch: the rest were never handed over, so they go back to how they were.
        for (const rest of prepared.slice(i)) entries.set(rest.due.entry.key, rest.due.entry);
        queue.unshift(...prepared.slice(i).map((rest) => rest.due));
        stopped = 'time';
        break;
      }
      nextSendAt = elapsed() + interval;
      const queued = entries.get(item.due.entry.key) ?? item.due.entry;
      const result = await mailer.send(item.mail);
      capLeft -= 1;
      limitLeft -= 1;
      if (result.ok) {
        entries.set(queued.key, transitions.sent(queued, now(), result.providerId));
        counts.sent += 1;
      } else {
        entries.set(queued.key, transitions.failed(queued, now(), result.error, result.delivered, policy, random()));
        counts.failed += 1;
        deps.logger.warn('feedback send failed', { key: queued.key, delivered: result.delivered, tries: queued.tries });
      }
    }
    await write();
    if (stopped === 'time') break;
  }

  const report = { ...counts, held: plan.held, remaining: queue.length, stopped };
  deps.logger.info('feedback run', { ...report, ms: Math.round(elapsed() - started) });
  return report;
}
