// The small interfaces jobs and handlers need from the outside world (sheets, mail, forms, identity, time, logs) and the errors they report.
import type { forms_v1 } from '@googleapis/forms';
import type { DateTime } from 'luxon';
import type { InstantKey } from './core/rfc3339.js';
import type { RowRecord, Table } from './core/table.js';

// ── Sheets ─────────────────────────────────────────────────────────────────────────────────────────────

export interface AppendResult {
  /** Rows written. */
  readonly appended: number;
  /** Values of the unique column that were already present, so their rows were not written again. */
  readonly skipped: readonly string[];
}

export interface AppendOptions {
  /** Column whose value must be unique in the tab: a row whose value is already present is skipped. */
  readonly uniqueBy?: string;
}

/**
 * Whether a store can serve, cheaply: `unreadable` (the file is missing, not a workbook, or a tab's header
 * row is broken: every request would fail) or `open-elsewhere` (a spreadsheet program holds the file; the
 * store still serves, but that program may save over what the functions write).
 */
export type StoreHealth =
  | { readonly status: 'ok' }
  | { readonly status: 'unreadable'; readonly reason: string }
  | { readonly status: 'open-elsewhere'; readonly reason: string };

export interface SheetStore {
  /** Read every named tab in one call. */
  read(tabs: readonly string[]): Promise<ReadonlyMap<string, Table>>;
  /** Append rows at the end of a tab, never rewriting what is there. */
  append(tab: string, rows: readonly RowRecord[], options?: AppendOptions): Promise<AppendResult>;
  /** Replace the data rows of derived tabs whole, in one call; header rows stay. */
  replace(tabs: ReadonlyMap<string, readonly RowRecord[]>): Promise<void>;
  /** A cheap check for `/healthz`; a store without one is taken to be healthy. */
  health?(): Promise<StoreHealth>;
}

/** Error codes a sheet store reports, so handlers can answer with what to do instead of a stack trace. */
export type StoreErrorCode =
  | 'NOT_FOUND'
  | 'NOT_AUTHORIZED'
  | 'RATE_LIMITED'
  | 'UNREADABLE'
  | 'TAB_MISSING'
  | 'UNKNOWN_TAB'
  | 'SOURCE_TAB'
  | 'WRITE_FAILED'
  /** The write would take the spreadsheet past its cell limit. */
  | 'CAPACITY'
  | 'UNAVAILABLE';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

// ── Time and logs ──────────────────────────────────────────────────────────────────────────────────────

export interface Clock {
  now(): DateTime;
}

export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

// ── Mail ───────────────────────────────────────────────────────────────────────────────────────────────

export interface MailAddress {
  readonly name: string;
  readonly address: string;
}

/** A composed message: the exact bytes every mailer delivers, and what it needs to route and recognise them. */
export interface ComposedMail {
  /** The feedback key it carries; the outbox names its file after it. */
  readonly key: string;
  /** RFC 5322 Message-ID with angle brackets; the same for every try of a key. */
  readonly messageId: string;
  readonly from: MailAddress;
  readonly to: MailAddress;
  readonly raw: Buffer;
}

export type SendResult =
  | { readonly ok: true; readonly providerId: string }
  /** `delivered: 'unknown'` when the message may have gone out (a timeout after handing it over). */
  | { readonly ok: false; readonly error: string; readonly delivered: 'no' | 'unknown' };

export interface Mailer {
  /** What the mailer is, for people reading a log or the CLI ("outbox", "smtp", "gmail", …). */
  readonly name: string;
  send(mail: ComposedMail): Promise<SendResult>;
  /** Whether a message with this Message-ID went out: true/false when the mailer can tell, undefined when it cannot. */
  wasSent(mail: Pick<ComposedMail, 'key' | 'messageId'>): Promise<boolean | undefined>;
  close(): Promise<void>;
}

/** How fast and how much the feedback job may send. */
export interface FeedbackLimits {
  /** Messages a second; 0 for no pacing. */
  readonly ratePerSecond: number;
  /** Messages per rolling 24 hours (Gmail caps a sender's daily sends). */
  readonly dailyCap: number;
  /** Stop starting sends when this much of the run has passed, so the function ends before its time limit. */
  readonly timeBudgetMs: number;
  /** Messages between two writes of the log: the most a crash can leave unsettled. */
  readonly batchSize: number;
  readonly maxTries: number;
}

// ── Google Forms ───────────────────────────────────────────────────────────────────────────────────────

export type FormsApiErrorCode = 'NOT_FOUND' | 'NOT_AUTHORIZED' | 'RATE_LIMITED' | 'UNAVAILABLE' | 'INVALID_REQUEST';

export class FormsApiError extends Error {
  constructor(
    readonly code: FormsApiErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'FormsApiError';
  }
}

/** The Forms API calls the form triggers make, with paging done and failures as FormsApiError. */
export interface FormsApi {
  getForm(formId: string): Promise<forms_v1.Schema$Form>;
  /** Every response submitted at or after `since` (all of them without it), every page read. */
  listResponses(formId: string, since?: InstantKey): Promise<forms_v1.Schema$FormResponse[]>;
  listWatches(formId: string): Promise<forms_v1.Schema$Watch[]>;
  /** A RESPONSES watch publishing to the topic (projects/<project>/topics/<topic>). */
  createWatch(formId: string, topicName: string): Promise<forms_v1.Schema$Watch>;
  renewWatch(formId: string, watchId: string): Promise<forms_v1.Schema$Watch>;
}

// ── Identity ───────────────────────────────────────────────────────────────────────────────────────────

export type IdTokenCheck =
  | { readonly ok: true; readonly email?: string }
  | { readonly ok: false; readonly reason: 'invalid_identity_token' | 'invoker_not_allowed' };

/** Checks a Google-signed identity token (Cloud Scheduler, Apps Script, Pub/Sub push). */
export interface IdTokenVerifier {
  verify(token: string): Promise<IdTokenCheck>;
}
