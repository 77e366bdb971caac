// The sample year's check-in sheet (扫码签到): the printable QR codes of one course still running on the sample's today.
import path from 'node:path';
import { checkinSecret } from '../adapters/checkin/secret.js';
import { MemorySheetStore } from '../adapters/store/memory-store.js';
import type { Config } from '../config.js';
import { localLink } from '../core/checkin/links.js';
import { writeCheckinSheet, type SheetResult } from '../jobs/checkin-sheet.js';
import { sampleRows } from './sample-data.js';

/** 客户经理营销技能实训: its last sessions come after the sample's today (23 November). */
export const SAMPLE_CHECKIN_COURSE = 'C2026-19';

/** Written to checkin/ beside the workbook, signed with the data folder's key (or CHECKIN_SECRET). */
export async function writeSampleCheckinSheet(config: Config): Promise<SheetResult | undefined> {
  const secret = await checkinSecret(config.checkin);
  if (secret === undefined) return undefined;
  const store = new MemorySheetStore();
  for (const [name, rows] of sampleRows()) await store.append(name, rows);
  const out = path.join(path.dirname(config.workbookPath), 'checkin');
  return writeCheckinSheet(store, SAMPLE_CHECKIN_COURSE, () => localLink(config.checkin.baseUrl, secret), out);
}
