// What the workbook's journal records and what it means: rows acknowledged but not saved, which save wrote each row, every feedback send.
import { randomBytes } from 'node:crypto';
import type { LogEntry } from '../../../core/feedback/log.js';
import type { RowRecord } from '../../../core/table.js';
import type { SavedRow } from './merge.js';

export interface Stamp {
  readonly mtimeMs: number;
  readonly size: number;
  readonly ino: number;
}

export type JournalRecord =
  /** First record: names this journal, so a save mark in a file can be told to be ours. */
  | { readonly t: 'journal'; readonly id: string }
  /** An acknowledged row; `seq` orders appends and tells which a save covered. */
  | { readonly t: 'append'; readonly seq: number; readonly tab: string; readonly key: string; readonly row: RowRecord }
  /** Save number `version` wrote every append up to `through` into the file, which then had `stamp`. */
  | { readonly t: 'saved'; readonly version: number; readonly through: number; readonly stamp: Stamp }
  /** Staff deleted an appended row: it is no longer restored. */
  | { readonly t: 'deleted'; readonly tab: string; readonly key: string }
  /** Compacted: the save that first wrote each of these rows. */
  | { readonly t: 'index'; readonly rows: readonly (readonly [string, string, number])[] }
  /** The latest state of a feedback key. */
  | { readonly t: 'send'; readonly entry: LogEntry };

export interface PendingRow {
  readonly seq: number;
  readonly tab: string;
  readonly key: string;
  readonly row: RowRecord;
}

const tabKey = (tab: string, key: string) => `${tab}\u0000${key}`;

/** The journal replayed. */
export class JournalState {
  id = '';
  seq = 0;
  version = 0;
  lastStamp: Stamp | undefined;
  readonly pending = new Map<string, PendingRow>();
  readonly saved = new Map<string, SavedRow>();
  readonly sends = new Map<string, LogEntry>();

  static replay(records: readonly JournalRecord[]): JournalState {
    const state = new JournalState();
    for (const record of records) state.apply(record);
    return state;
  }

  /** The record that must open a journal that has none yet. */
  opening(): JournalRecord | undefined {
    if (this.id !== '') return undefined;
    this.id = randomBytes(6).toString('base64url');
    return { t: 'journal', id: this.id };
  }

  apply(record: JournalRecord): void {
    switch (record.t) {
      case 'journal':
        this.id = record.id;
        break;
      case 'append':
        this.seq = Math.max(this.seq, record.seq);
        this.pending.set(tabKey(record.tab, record.key), { seq: record.seq, tab: record.tab, key: record.key, row: record.row });
        break;
      case 'saved':
        this.version = Math.max(this.version, record.version);
        this.lastStamp = record.stamp;
        for (const [id, row] of this.pending) {
          if (row.seq > record.through) continue;
          this.pending.delete(id);
          this.saved.set(id, { tab: row.tab, key: row.key, version: record.version });
        }
        break;
      case 'deleted':
        this.saved.delete(tabKey(record.tab, record.key));
        this.pending.delete(tabKey(record.tab, record.key));
        break;
      case 'index':
        for (const [tab, key, version] of record.rows) {
          this.saved.set(tabKey(tab, key), { tab, key, version });
          this.version = Math.max(this.version, version);
        }
        break;
      case 'send':
        this.sends.set(record.entry.key, record.entry);
        break;
    }
  }

  /** The save mark a file written by save `version` carries. */
  mark(version: number): string {
    return `${this.id}/${version}`;
  }

  /** The save a file's mark names, when the mark is this journal's. */
  versionOfMark(mark: string | undefined): number | undefined {
    if (mark === undefined) return undefined;
    const [id, version] = mark.split('/');
    return id === this.id && version !== undefined && /^\d+$/.test(version) ? Number(version) : undefined;
  }

  /** Records that mean what the journal means now, for compaction: settled appends shrink to their key and save. */
  snapshot(): JournalRecord[] {
    const records: JournalRecord[] = [{ t: 'journal', id: this.id }];
    const saved = [...this.saved.values()];
    for (let i = 0; i < saved.length; i += 5000) {
      records.push({ t: 'index', rows: saved.slice(i, i + 5000).map((row) => [row.tab, row.key, row.version] as const) });
    }
    if (this.lastStamp) records.push({ t: 'saved', version: this.version, through: 0, stamp: this.lastStamp });
    for (const entry of this.sends.values()) records.push({ t: 'send', entry });
    for (const row of [...this.pending.values()].sort((a, b) => a.seq - b.seq)) records.push({ t: 'append', ...row });
    return records;
  }
}

export { tabKey };
