// FeedbackLog reverted, emptied or edited by staff: the journal decides what went out, so nothing is sent twice unless staff ask for it.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FEEDBACK_LOG_TAB, SETTINGS_TAB, SOURCE_TABS, tabByName } from '../../sheets-templates/index.js';
import { jsonLogger } from '../../functions/src/adapters/json-logger.js';
import { XlsxSheetStore } from '../../functions/src/adapters/store/xlsx-store.js';
import { fixedClock } from '../../functions/src/adapters/system-clock.js';
import { createApp, ledgerFor } from '../../functions/src/app.js';
import { loadConfig } from '../../functions/src/config.js';
import { gridToTable, type RowRecord } from '../../functions/src/core/table.js';
import { requestResend } from '../../functions/src/jobs/resend.js';
import { provisionWorkbook } from '../../functions/src/provision/workbook.js';
import { AFTER_COURSE, feedbackStore, passingClass } from '../fixtures/feedback-world.js';
import { fileTabs, rowWith, staffSave } from '../fixtures/workbook-file.js';
import { reportFigures, serveHttp } from './storm.js';

let dir: string;
let file: string;
let outbox: string;
let server: { base: string; close: () => Promise<void> } | undefined;
const ADMIN = 'admin-token-0123456789abcdef';

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'log-reverted-'));
  file = path.join(dir, 'training.xlsx');
  outbox = path.join(dir, 'outbox');
  // The class of the feedback tests, as a workbook: their source tabs, and Settings that send at once.
  const world = feedbackStore(passingClass(12));
  const rows = new Map<string, RowRecord[]>();
  for (const tab of SOURCE_TABS) {
    if (tab.name === SETTINGS_TAB.name) continue;
    rows.set(
      tab.name,
      gridToTable(tab, world.grid(tab.name)).rows.map((row) => row.values),
    );
  }
  await provisionWorkbook(file, { rows });
  await staffSave(file, (workbook) => {
    const settings = workbook.getWorksheet(SETTINGS_TAB.name) as ExcelJS.Worksheet;
    settings.getRow(rowWith(settings, 1, 'feedback_hold_minutes')).getCell(2).value = 0;
    settings.getRow(rowWith(settings, 1, 'leader_digest_weekday')).getCell(2).value = 0;
  });
  const config = loadConfig({
    WORKBOOK_PATH: file,
    OUTBOX_DIR: outbox,
    WORKBOOK_SAVE_INTERVAL_MS: '0',
    RECOMPUTE_ON_SUBMIT: 'off',
    FEEDBACK_AFTER_RECOMPUTE: 'off',
    ADMIN_TOKEN: ADMIN,
  });
  const app = createApp(config, { clock: fixedClock(AFTER_COURSE), logger: jsonLogger('silent') });
  server = await serveHttp(app.handler);
});

afterEach(async () => {
  await server?.close();
  await XlsxSheetStore.closeAll();
  await fs.rm(dir, { recursive: true, force: true, maxRetries: 5 });
});

const post = (route: string) => fetch(`${server?.base ?? ''}${route}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });

async function send(): Promise<{ sent: number }> {
  const response = await fetch(`${server?.base ?? ''}/feedback/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
    body: JSON.stringify({ sendNow: true }),
  });
  expect(response.status).toBe(200);
  const report = (await response.json()) as { sent: number };
  await new XlsxSheetStore(file).settle();
  return report;
}

const outboxFiles = async () => (await fs.readdir(outbox)).filter((name) => name.endsWith('.eml'));
const statuses = async () =>
  ((await fileTabs(file, [FEEDBACK_LOG_TAB.name])).get(FEEDBACK_LOG_TAB.name)?.rows ?? []).map((row) => row.values['status']);
const keyColumn = (tabByName(FEEDBACK_LOG_TAB.name)?.columns.findIndex((column) => column.key === 'feedback_key') ?? 0) + 1;
const statusColumn = (tabByName(FEEDBACK_LOG_TAB.name)?.columns.findIndex((column) => column.key === 'status') ?? 0) + 1;

describe('FeedbackLog changed under the function', () => {
  it('sends nothing twice after the tab is reverted to an old copy, emptied or edited, and resends exactly what staff ask for', async () => {
    // The recompute issues the certificates the results call for; each result e-mail carries its own and waits for it.
    expect((await post('/recompute')).status).toBe(200);
    await new XlsxSheetStore(file).settle();
    const old = path.join(dir, 'before-sending.xlsx');
    await fs.copyFile(file, old);
    expect((await send()).sent).toBe(12);
    expect(await outboxFiles()).toHaveLength(12);
    expect(new Set(await statuses())).toEqual(new Set(['已发送']));

    // A copy from before the sending saved over the workbook: FeedbackLog is empty again.
    await fs.copyFile(old, file);
    expect((await send()).sent).toBe(0);
    expect(await outboxFiles()).toHaveLength(12);
    // The tab is rebuilt from the journal.
    expect(await statuses()).toEqual(Array.from({ length: 12 }, () => '已发送'));

    // Staff edit the tab: one row set back to 待发送, two rows deleted, one marked 重发.
    const keys: string[] = [];
    await staffSave(file, (workbook) => {
      const sheet = workbook.getWorksheet(FEEDBACK_LOG_TAB.name) as ExcelJS.Worksheet;
      for (let r = 2; r <= 13; r += 1) keys.push(sheet.getRow(r).getCell(keyColumn).text);
      sheet.getRow(2).getCell(statusColumn).value = '待发送';
      sheet.getRow(3).getCell(statusColumn).value = '重发';
      sheet.spliceRows(10, 2);
    });
    expect((await send()).sent).toBe(1);
    expect(await outboxFiles()).toHaveLength(13);
    expect(await statuses()).toEqual(Array.from({ length: 12 }, () => '已发送'));

    // The command-line way: `npm run cli -- resend KEY`.
    const store = new XlsxSheetStore(file);
    expect(await requestResend(store, ledgerFor(store), [keys[5] ?? '', 'no-such-key'])).toEqual({
      marked: [keys[5]],
      unknown: ['no-such-key'],
    });
    expect((await send()).sent).toBe(1);
    expect((await send()).sent).toBe(0);
    expect(await outboxFiles()).toHaveLength(14);
    reportFigures('FeedbackLog reverted', { sent: 12, afterRevert: 0, afterEdits: 1, resentOnRequest: 2, outbox: 14 });
  });
});
