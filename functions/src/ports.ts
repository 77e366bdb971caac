// The small interfaces jobs and handlers need from the outside world (sheets, mail, forms, identity, time, logs) and the errors they report.
import type { forms_v1 } from '@googleapis/forms';
import type { DateTime } from 'luxon';
import type { LogEntry } from './core/feedback/log.js';
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

/** How a store's backing file stands, for `GET /healthz`; stores without one answer nothing. */
export interface StoreHealth {
  /**
   * `open-elsewhere`: a spreadsheet program holds the file (its lock file is beside it), so saves wait; entries
   * are still accepted into the journal. `unreadable`: the file is missing, not a workbook, or a tab's header row
   * is broken, so requests touching it fail. `save-failed`: the last save could not be written.
   */
  readonly workbook: 'ok' | 'open-elsewhere' | 'unreadable' | 'save-failed';
  /** Accepted entries not in the file yet. */
  readonly pending: number;
  /** Why, when not `ok`: the read error, the broken header, or the program holding the file. */
  readonly detail?: string;
}

export interface ReadOptions {
  /**
   * Tabs that functions only append to and that staff rarely edit: a store may keep their rows between reads and
   * fetch only the rows added since (the Google store does; see sheets-tail.ts). Others are read whole.
   */
  readonly appendOnly?: readonly string[];
}

export interface SheetStore {
  /** Read every named tab in one call. */
  read(tabs: readonly string[], options?: ReadOptions): Promise<ReadonlyMap<string, Table>>;
  /** Append rows at the end of a tab, never rewriting what is there. */
  append(tab: string, rows: readonly RowRecord[], options?: AppendOptions): Promise<AppendResult>;
  /** Replace the data rows of derived tabs whole, in one call; header rows stay. */
  replace(tabs: ReadonlyMap<string, readonly RowRecord[]>): Promise<void>;
  /** How the backing file stands; absent for stores without one. */
  health?(): Promise<StoreHealth | undefined>;
  /** Write what waits to the backing file now (stores that save later); resolves when done or when it must wait. */
  flush?(): Promise<void>;
  /** At a server's start: bring the backing file up to date with what was accepted before (stores that save later). */
  resume?(): Promise<void>;
}

/**
 * The durable record of feedback sends that decides whether a key was sent, apart from the FeedbackLog tab
 * (which anyone can edit, delete or revert). Stores whose tab cannot be reverted under them have none.
 */
export interface SendLedger {
  /** The latest recorded state of every key. */
  entries(): Promise<ReadonlyMap<string, LogEntry>>;
  /** Record states durably before returning. */
  record(entries: readonly LogEntry[]): Promise<void>;
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
  /** Another process writes this workbook (only one may). */
  | 'IN_USE'
  | 'UNAVAILABLE';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    /** For RATE_LIMITED: when a caller may try again (an HTTP answer's Retry-After). */
    readonly retryAfterSeconds?: number,
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

export type FormsApiErrorCode =
  | 'NOT_FOUND'
  | 'NOT_AUTHORIZED'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'INVALID_REQUEST'
  /** A watch for this account, form and event type exists already (Google allows one). */
  | 'FAILED_PRECONDITION';

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
  deleteWatch(formId: string, watchId: string): Promise<void>;
}

// ── Identity ───────────────────────────────────────────────────────────────────────────────────────────

export type IdTokenCheck =
  /** `invoker`: the e-mail is one of ALLOWED_INVOKERS, so the token is an admin credential. */
  | { readonly ok: true; readonly email?: string; readonly invoker: boolean }
  | { readonly ok: false; readonly reason: 'invalid_identity_token' | 'invoker_not_allowed' };

/** Checks a Google-signed identity token (Cloud Scheduler, Apps Script, Pub/Sub push). */
export interface IdTokenVerifier {
  verify(token: string): Promise<IdTokenCheck>;
}

// ── Certificates (issue 17 part 1) ─────────────────────────────────────────────────────────────────────

/** Where issued certificates' PDFs are kept: the local data folder or a Drive folder. */
export interface CertificateFiles {
  /** What the storage is, for logs ("folder", "drive"). */
  readonly name: string;
  /** Store the PDF under its serial and say where it is; a serial already stored is left as it is, never stored twice. */
  put(serial: string, pdf: Buffer): Promise<string>;
  /** The stored PDF, or undefined when none is stored under this serial. */
  get(serial: string): Promise<Buffer | undefined>;
}
