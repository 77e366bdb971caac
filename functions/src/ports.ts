// The small interfaces the core and the handlers need from the outside world: sheets, time and logs.
import type { DateTime } from 'luxon';
import type { Cell } from './core/cells.js';
import type { Table } from './core/table.js';

export type RowRecord = Readonly<Record<string, Cell | undefined>>;

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

export interface SheetStore {
  /** Read every named tab in one call. */
  read(tabs: readonly string[]): Promise<ReadonlyMap<string, Table>>;
  /** Append rows at the end of a tab, never rewriting what is there. */
  append(tab: string, rows: readonly RowRecord[], options?: AppendOptions): Promise<AppendResult>;
  /** Replace the data rows of derived tabs whole, in one call; header rows stay. */
  replace(tabs: ReadonlyMap<string, readonly RowRecord[]>): Promise<void>;
}

export interface Clock {
  now(): DateTime;
}

export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

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
  readonly name: 'outbox' | 'smtp' | 'gmail';
  send(mail: ComposedMail): Promise<SendResult>;
  /** Whether a message with this Message-ID went out: true/false when the mailer can tell, undefined when it cannot. */
  wasSent(mail: Pick<ComposedMail, 'key' | 'messageId'>): Promise<boolean | undefined>;
  close(): Promise<void>;
}
