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
