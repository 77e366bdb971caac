// The feedback job: grade in memory, reconcile with FeedbackLog and the send ledger, send what is due in paced, logged batches.
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { CERTIFICATES_TAB, FEEDBACK_LOG_TAB } from '../../../sheets-templates/index.js';
import { attachCertificates, certificateFiles, type Attachments } from './feedback-certificates.js';
import { desiredFeedback } from '../core/feedback/desired.js';
import {
  entryRecordIn,
  messageIdFor,
  parseLog,
  reconcile,
  withLedger,
  sentInLastDay,
  transitions,
  type Due,
  type LogEntry,
  type Reconciled,
  type RetryPolicy,
} from '../core/feedback/log.js';
import { renderFeedback } from '../core/feedback/render.js';
import { recompute } from '../core/grading/recompute.js';
import { readSourceRows, SOURCE_TAB_NAMES, type SourceRows } from '../core/source-data.js';
import {
  StoreError,
  type CertificateFiles,
  type Clock,
  type ComposedMail,
  type FeedbackLimits,
  type Logger,
  type MailAddress,
  type Mailer,
  type SendLedger,
  type SheetStore,
} from '../ports.js';
import type { Table } from '../core/table.js';
import type { RowRecord } from '../core/table.js';

export interface FeedbackDeps {
  readonly store: SheetStore;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly limits: FeedbackLimits;
  readonly from: MailAddress;
  readonly replyTo?: MailAddress;
  /** The durable record of sends that decides what went out (the local workbook's journal); without one, FeedbackLog is the record. */
  readonly ledger?: SendLedger;
  /** Certificates (issue 17 part 1): where their PDFs are, to attach them; absent: no certificate is attached or waited for. */
  readonly certificateFiles?: CertificateFiles;
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
  'The send was interrupted and this mailer cannot tell whether the message went out. Check the recipient received it; type 重发 (resend) in the status to send it again. / 发送过程中断，无法确认是否已发出；请核实收件情况，如需重发请在发送状态中填写“重发”。';

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Sendable = Due & { feedback: NonNullable<Due['feedback']> };

/** What one run works from: the data, what it calls for, and the log as the ledger and the tab say it stands. */
interface RunPlan {
  readonly source: SourceRows;
  readonly now: () => DateTime;
  readonly policy: RetryPolicy;
  readonly plan: Reconciled;
  readonly opaque: readonly RowRecord[];
  /** The tab differs from what the ledger says (reverted, edited, rows deleted): it is written back. */
  readonly tabStale: boolean;
  readonly attachments: Attachments;
}

/** The source tabs and FeedbackLog, and the Certificates register when certificates are on and the workbook has it. */
async function readTables(deps: FeedbackDeps): Promise<ReadonlyMap<string, Table>> {
  const names = [...SOURCE_TAB_NAMES, FEEDBACK_LOG_TAB.name];
  if (deps.certificateFiles === undefined) return deps.store.read(names);
  try {
    return await deps.store.read([...names, CERTIFICATES_TAB.name]);
  } catch (error) {
    if (!(error instanceof StoreError && error.code === 'TAB_MISSING' && error.message.includes(CERTIFICATES_TAB.name))) throw error;
    return deps.store.read(names);
  }
}

async function planRun(deps: FeedbackDeps, options: FeedbackOptions): Promise<RunPlan> {
  const tables = await readTables(deps);
  const source = readSourceRows(tables);
  const { settings } = source;
  const now = () => deps.clock.now().setZone(settings.time_zone);
  const result = recompute(source, now());
  const attachments = attachCertificates(
    desiredFeedback({ result, source, now: now() }),
    tables.get(CERTIFICATES_TAB.name),
    result,
    source,
  );
  const desired = attachments.ready;
  const tabLog = parseLog(tables.get(FEEDBACK_LOG_TAB.name), settings.time_zone);
  const log = deps.ledger ? withLedger(tabLog, await deps.ledger.entries()) : tabLog;
  const policy: RetryPolicy = {
    holdMinutes: settings.feedback_hold_minutes,
    ignoreHold: options.ignoreHold ?? false,
    maxTries: deps.limits.maxTries,
  };
  const tabStale = log !== tabLog && JSON.stringify(log) !== JSON.stringify(tabLog);
  return {
    source,
    now,
    policy,
    plan: reconcile(desired, log, now(), policy),
    opaque: log.opaque.map((row) => row.values),
    tabStale,
    attachments,
  };
}

/** The rendered message of a due entry; a message sent again on staff's request gets a key and Message-ID of its own. */
async function prepare(
  deps: FeedbackDeps,
  run: RunPlan,
  due: Sendable,
): Promise<{ mail: ComposedMail; subject: string; mailKey?: string }> {
  const rendered = renderFeedback(due.feedback, run.source.settings, { correction: due.correction, now: run.now() });
  const domain = deps.from.address.split('@')[1] ?? 'localhost';
  const mailKey = due.entry.status === 'resend' ? `${due.entry.key}#resend-${run.now().toMillis()}` : undefined;
  // nodemailer is loaded with the first message to send, not by every cold start.
  const { composeMail } = await import('../adapters/mail/compose.js');
  const certificates = run.attachments.byKey.get(due.entry.key) ?? [];
  const attachments =
    deps.certificateFiles === undefined || certificates.length === 0
      ? []
      : await certificateFiles(deps.certificateFiles, certificates, run.source);
  const mail = await composeMail({
    ...(attachments.length > 0 ? { attachments } : {}),
    key: mailKey ?? due.entry.key,
    messageId: messageIdFor(mailKey ?? due.entry.key, domain),
    from: deps.from,
    to: due.feedback.to,
    ...(deps.replyTo ? { replyTo: deps.replyTo } : {}),
    ...rendered,
    date: run.now().toJSDate(),
  });
  return { mail, subject: rendered.subject, ...(mailKey === undefined ? {} : { mailKey }) };
}

function preview(run: RunPlan, limit: number | undefined): FeedbackReport {
  const previews: Preview[] = [];
  for (const due of run.plan.due.slice(0, limit ?? run.plan.due.length)) {
    if (!due.feedback) continue;
    const rendered = renderFeedback(due.feedback, run.source.settings, { correction: due.correction, now: run.now() });
    previews.push({
      key: due.entry.key,
      to: due.feedback.to.address,
      subject: rendered.subject,
      text: rendered.text,
      correction: due.correction,
    });
  }
  return {
    sent: 0,
    failed: 0,
    confirmed: 0,
    unconfirmed: 0,
    held: run.plan.held,
    remaining: run.plan.due.length,
    stopped: 'done',
    preview: previews,
  };
}

/** The log as the run changes it: written to the ledger first (durably), then to the FeedbackLog tab people read. */
class RunLog {
  readonly entries: Map<string, LogEntry>;
  lastWriteMs = 0;
  private readonly changed = new Set<string>();

  constructor(
    private readonly deps: FeedbackDeps,
    private readonly run: RunPlan,
    private readonly elapsed: () => number,
  ) {
    this.entries = new Map(run.plan.entries.map((entry) => [entry.key, entry]));
    // Every entry the ledger lacks (new ones, and the whole tab the first time) is recorded on the first write.
    for (const key of this.entries.keys()) this.changed.add(key);
  }

  set(entry: LogEntry): void {
    this.entries.set(entry.key, entry);
    this.changed.add(entry.key);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  async write(): Promise<void> {
    const before = this.elapsed();
    if (this.deps.ledger && this.changed.size > 0) {
      await this.deps.ledger.record([...this.changed].map((key) => this.entries.get(key)).filter((entry) => entry !== undefined));
    }
    this.changed.clear();
    const rows = [...[...this.entries.values()].map(entryRecordIn(this.run.source.settings.language)), ...this.run.opaque];
    await this.deps.store.replace(new Map([[FEEDBACK_LOG_TAB.name, rows]]));
    this.lastWriteMs = this.elapsed() - before;
  }
}

interface Counts {
  sent: number;
  failed: number;
  confirmed: number;
  unconfirmed: number;
}

/**
 * Settle interrupted sends first: a message that may have gone out is only sent again when the mailbox says it
 * did not. Returns what is left to send.
 */
async function settleInterrupted(
  deps: FeedbackDeps,
  run: RunPlan,
  log: RunLog,
  batch: readonly Due[],
  counts: Counts,
): Promise<Sendable[]> {
  const toSend: Sendable[] = [];
  for (const due of batch) {
    if (due.entry.status === 'queued') {
      const entry = due.entry;
      const found =
        entry.message_id === '' ? false : await deps.mailer.wasSent({ key: entry.mail_key ?? entry.key, messageId: entry.message_id });
      if (found === true) {
        const handedOver = entry.sent_at === '' ? run.now() : DateTime.fromISO(entry.sent_at, { setZone: true });
        log.set(transitions.sent(entry, handedOver, entry.provider_id || 'found in mailbox'));
        counts.confirmed += 1;
        continue;
      }
      if (found === undefined) {
        log.set(transitions.unconfirmed(entry, UNCONFIRMED_NOTE));
        counts.unconfirmed += 1;
        deps.logger.warn('feedback send unconfirmed', { key: entry.key });
        continue;
      }
      if (due.feedback === undefined) {
        // Never went out and its result has moved on: nothing to send under this key any more.
        log.delete(entry.key);
        continue;
      }
    }
    if (due.feedback !== undefined) toSend.push({ ...due, feedback: due.feedback });
  }
  return toSend;
}

/** The pacing and limits of one run. */
class Budget {
  capLeft: number;
  limitLeft: number;
  private nextSendAt: number;
  private readonly interval: number;

  constructor(
    private readonly deps: FeedbackDeps,
    private readonly log: RunLog,
    private readonly started: number,
    private readonly elapsed: () => number,
    sentToday: number,
    limit: number | undefined,
  ) {
    this.capLeft = deps.limits.dailyCap - sentToday;
    this.limitLeft = limit ?? Number.POSITIVE_INFINITY;
    this.interval = deps.limits.ratePerSecond > 0 ? 1000 / deps.limits.ratePerSecond : 0;
    this.nextSendAt = elapsed();
  }

  /** Time left before the run must stop, keeping back time for the log write that ends a batch. */
  timeLeft(): number {
    return this.deps.limits.timeBudgetMs - (this.elapsed() - this.started) - Math.max(2000, this.log.lastWriteMs * 2);
  }

  /** How many to send in the next batch, or why the run stops. */
  nextBatch(): number | FeedbackReport['stopped'] {
    if (this.capLeft <= 0) return 'daily-cap';
    if (this.limitLeft <= 0) return 'limit';
    const left = this.timeLeft();
    const fitsInTime = this.interval > 0 ? Math.floor(left / this.interval) : left > 0 ? this.deps.limits.batchSize : 0;
    const size = Math.min(this.deps.limits.batchSize, this.capLeft, this.limitLeft, fitsInTime);
    return size > 0 ? size : 'time';
  }

  /** Wait for the next send's turn; false when the run is out of time. */
  async turn(sleep: (ms: number) => Promise<void>): Promise<boolean> {
    const wait = this.nextSendAt - this.elapsed();
    if (wait > 0) await sleep(wait);
    if (this.timeLeft() < 0) return false;
    this.nextSendAt = this.elapsed() + this.interval;
    this.capLeft -= 1;
    this.limitLeft -= 1;
    return true;
  }
}

/** Hand a batch to the mailer one by one; returns the items never handed over when time ran out. */
async function sendBatch(
  deps: FeedbackDeps,
  run: RunPlan,
  log: RunLog,
  budget: Budget,
  prepared: readonly ({ due: Sendable } & Awaited<ReturnType<typeof prepare>>)[],
  counts: Counts,
): Promise<Sendable[]> {
  const sleep = deps.sleep ?? defaultSleep;
  const random = deps.random ?? Math.random;
  for (let i = 0; i < prepared.length; i += 1) {
    const item = prepared[i];
    if (item === undefined) continue;
    if (!(await budget.turn(sleep))) {
      // Out of time mid-batch: the rest were never handed over, so they go back to how they were.
      for (const rest of prepared.slice(i)) log.set(rest.due.entry);
      return prepared.slice(i).map((rest) => rest.due);
    }
    const queued = log.entries.get(item.due.entry.key) ?? item.due.entry;
    const result = await deps.mailer.send(item.mail);
    if (result.ok) {
      log.set(transitions.sent(queued, run.now(), result.providerId));
      counts.sent += 1;
    } else {
      log.set(transitions.failed(queued, run.now(), result.error, result.delivered, run.policy, random()));
      counts.failed += 1;
      deps.logger.warn('feedback send failed', { key: queued.key, delivered: result.delivered, tries: queued.tries });
    }
  }
  return [];
}

export async function runFeedback(deps: FeedbackDeps, options: FeedbackOptions = {}): Promise<FeedbackReport> {
  const elapsed = deps.elapsedMs ?? (() => performance.now());
  const started = elapsed();
  const run = await planRun(deps, options);
  if (options.dryRun) return preview(run, options.limit);

  const log = new RunLog(deps, run, elapsed);
  if (run.plan.changed || run.tabStale) await log.write();
  const counts: Counts = { sent: 0, failed: 0, confirmed: 0, unconfirmed: 0 };
  const queue = [...run.plan.due];
  const budget = new Budget(deps, log, started, elapsed, sentInLastDay([...log.entries.values()], run.now()), options.limit);
  let stopped: FeedbackReport['stopped'] = 'done';
  while (queue.length > 0) {
    const size = budget.nextBatch();
    if (typeof size === 'string') {
      stopped = size;
      break;
    }
    const toSend = await settleInterrupted(deps, run, log, queue.splice(0, size), counts);
    const prepared = await Promise.all(toSend.map(async (due) => ({ due, ...(await prepare(deps, run, due)) })));
    for (const { due, mail, subject, mailKey } of prepared) {
      log.set(
        transitions.queued(due.entry, run.now(), {
          messageId: mail.messageId,
          subject,
          email: mail.to.address,
          ...(mailKey === undefined ? {} : { mailKey }),
        }),
      );
    }
    await log.write();
    const unsent = await sendBatch(deps, run, log, budget, prepared, counts);
    await log.write();
    if (unsent.length > 0) {
      queue.unshift(...unsent);
      stopped = 'time';
      break;
    }
  }

  const report = { ...counts, held: run.plan.held, remaining: queue.length, stopped };
  deps.logger.info('feedback run', { ...report, ms: Math.round(elapsed() - started) });
  return report;
}
