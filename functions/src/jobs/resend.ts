// Staff ask for feedback messages to be sent again: their log entries are marked `resend`, in the send ledger and FeedbackLog.
import { FEEDBACK_LOG_TAB, SETTINGS_TAB } from '../../../sheets-templates/index.js';
import { entryRecordIn, parseLog, withLedger, type LogEntry } from '../core/feedback/log.js';
import { parseSettings } from '../core/settings.js';
import type { SendLedger, SheetStore } from '../ports.js';

export interface ResendAnswer {
  readonly marked: readonly string[];
  readonly unknown: readonly string[];
}

/** Mark the messages with these keys to be sent again; keys no log knows are named back. */
export async function requestResend(store: SheetStore, ledger: SendLedger | undefined, keys: readonly string[]): Promise<ResendAnswer> {
  const tables = await store.read([FEEDBACK_LOG_TAB.name, SETTINGS_TAB.name]);
  const settings = parseSettings(tables.get(SETTINGS_TAB.name));
  const tabLog = parseLog(tables.get(FEEDBACK_LOG_TAB.name), settings.time_zone);
  const log = ledger ? withLedger(tabLog, await ledger.entries()) : tabLog;
  const byKey = new Map(log.entries.map((entry) => [entry.key, entry]));
  const marked: LogEntry[] = [];
  const unknown: string[] = [];
  for (const key of keys) {
    const entry = byKey.get(key);
    if (entry) marked.push({ ...entry, status: 'resend' });
    else unknown.push(key);
  }
  if (marked.length === 0) return { marked: [], unknown };
  await ledger?.record(marked);
  for (const entry of marked) byKey.set(entry.key, entry);
  const rows = [...[...byKey.values()].map(entryRecordIn(settings.language)), ...log.opaque.map((row) => row.values)];
  await store.replace(new Map([[FEEDBACK_LOG_TAB.name, rows]]));
  return { marked: marked.map((entry) => entry.key), unknown };
}
