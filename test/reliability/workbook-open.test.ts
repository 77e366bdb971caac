// Staff keep the workbook open (or save a stale copy over it) while forms arrive: nothing acknowledged is lost, staff edits stay, deletions hold.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ATTENDANCE_TAB, SETTINGS_TAB } from '../../sheets-templates/index.js';
import { jsonLogger } from '../../functions/src/adapters/json-logger.js';
import { XlsxSheetStore } from '../../functions/src/adapters/store/xlsx-store.js';
import { fixedClock } from '../../functions/src/adapters/system-clock.js';
import { createApp } from '../../functions/src/app.js';
import { loadConfig } from '../../functions/src/config.js';
import type { Cell } from '../../functions/src/core/cells.js';
import { provisionWorkbook } from '../../functions/src/provision/workbook.js';
import { fileColumn, fileTabs, rowWith, staffSave } from '../fixtures/workbook-file.js';
import { LOAD_COURSE, loadPlan, loadRoster } from './load-world.js';
import { reportFigures, serveHttp } from './storm.js';

let dir: string;
let file: string;
let server: { base: string; close: () => Promise<void> } | undefined;
const LOCK = () => path.join(dir, '.~lock.training.xlsx#');

/** Attendance that was typed in before the function ran: rows staff own. */
const history: Record<string, Cell>[] = Array.from({ length: 5 }, (_, i) => ({
  submission_id: `typed-${i}`,
  submitted_at: '2026-06-10T09:00:00+08:00',
  trainee_id: `L${String(i + 1).padStart(3, '0')}`,
  course_id: LOAD_COURSE,
  session: 40,
  session_date: '2026-06-10',
  status: '缺勤',
}));

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'workbook-open-'));
  file = path.join(dir, 'training.xlsx');
  await provisionWorkbook(file, {
    rows: new Map([
      ['Plan', loadPlan],
      ['Roster', loadRoster],
      [ATTENDANCE_TAB.name, history],
    ]),
  });
  const config = loadConfig({ WORKBOOK_PATH: file, WORKBOOK_SAVE_INTERVAL_MS: '50', RECOMPUTE_ON_SUBMIT: 'background', MAILER: 'off' });
  const app = createApp(config, { clock: fixedClock('2026-06-15T10:00:00+08:00'), logger: jsonLogger('silent') });
  server = await serveHttp(app.handler);
});

afterEach(async () => {
  await server?.close();
  await XlsxSheetStore.closeAll();
  await fs.rm(dir, { recursive: true, force: true, maxRetries: 5 });
});

/** A distinct, valid attendance entry: trainee `n % 120`, session `1 + n / 120`. */
const attendance = (n: number) => ({
  id: `att-${n}`,
  kind: 'attendance',
  submittedAt: '2026-06-15T09:00:00+08:00',
  answers: {
    trainee_id: `L${String((n % 120) + 1).padStart(3, '0')}`,
    course_id: LOAD_COURSE,
    session: 1 + Math.floor(n / 120),
    session_date: '2026-06-12',
    status: '出勤',
  },
});

async function submit(body: object): Promise<{ status: number; answer: string }> {
  const response = await fetch(`${server?.base ?? ''}/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, answer: ((await response.json()) as { status: string }).status };
}

const health = async () => (await (await fetch(`${server?.base ?? ''}/healthz`)).json()) as { workbook?: string; pending?: number };
const statusColumn = ATTENDANCE_TAB.columns.findIndex((column) => column.key === 'status') + 1;
const idColumn = ATTENDANCE_TAB.columns.findIndex((column) => column.key === 'submission_id') + 1;

/** Staff's edits: a Settings value changed and a typed attendance row corrected. */
function staffEdits(workbook: ExcelJS.Workbook): void {
  const settings = workbook.getWorksheet(SETTINGS_TAB.name) as ExcelJS.Worksheet;
  settings.getRow(rowWith(settings, 1, 'feedback_hold_minutes')).getCell(2).value = 5;
  const sheet = workbook.getWorksheet(ATTENDANCE_TAB.name) as ExcelJS.Worksheet;
  sheet.getRow(rowWith(sheet, idColumn, 'typed-2')).getCell(statusColumn).value = '出勤';
}

async function expectStaffEditsKept(): Promise<void> {
  const tabs = await fileTabs(file, [SETTINGS_TAB.name, ATTENDANCE_TAB.name]);
  const hold = tabs.get(SETTINGS_TAB.name)?.rows.find((row) => row.values['key'] === 'feedback_hold_minutes');
  expect(hold?.values['value']).toBe(5);
  const corrected = tabs.get(ATTENDANCE_TAB.name)?.rows.find((row) => row.values['submission_id'] === 'typed-2');
  expect(corrected?.values['status']).toBe('出勤');
}

describe('a spreadsheet program holding the workbook (its lock file present)', () => {
  it('accepts 100 submissions into the journal, saves nothing meanwhile, then writes all 100 and keeps the edits staff saved', async () => {
    await fs.writeFile(LOCK(), 'staff,LAPTOP-01,staff,02.12.2026 09:00,file:///C:/Users/staff/AppData/Roaming/LibreOffice/4;');
    const before = await fs.readFile(file);
    const answers = await Promise.all(Array.from({ length: 100 }, (_, n) => submit(attendance(n))));
    expect(answers.filter((a) => a.status === 200 && a.answer === 'accepted').length, JSON.stringify(answers.slice(0, 3))).toBe(100);
    // The program saves the edits its user made, lock still held; the function has written nothing.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await fs.readFile(file)).toEqual(before);
    await staffSave(file, staffEdits);
    expect(await health()).toMatchObject({ workbook: 'open-elsewhere', pending: 100 });
    expect((await submit(attendance(100))).answer).toBe('accepted');

    await fs.rm(LOCK());
    await expect.poll(async () => (await health()).pending, { timeout: 15_000 }).toBe(0);
    const ids = await fileColumn(file, ATTENDANCE_TAB.name, 'submission_id');
    for (let n = 0; n <= 100; n += 1)
      expect(
        ids.filter((id) => id === `att-${n}`),
        `att-${n}`,
      ).toHaveLength(1);
    await expectStaffEditsKept();
    expect(await health()).toMatchObject({ workbook: 'ok' });
  });
});

describe('a stale copy saved over the workbook, no lock file', () => {
  it('puts the acknowledged rows it lacks back, keeps the staff edits, and a row staff deleted stays deleted', async () => {
    for (let n = 0; n < 10; n += 1) expect((await submit(attendance(n))).answer).toBe('accepted');
    await new XlsxSheetStore(file).settle();
    const copy = path.join(dir, 'copy-on-the-desktop.xlsx');
    await fs.copyFile(file, copy);
    for (let n = 10; n < 19; n += 1) expect((await submit(attendance(n))).answer).toBe('accepted');
    await new XlsxSheetStore(file).settle();
    expect(await fileColumn(file, ATTENDANCE_TAB.name, 'submission_id')).toHaveLength(5 + 19);

    // Staff edit their old copy: a correction, a Settings change, and one of the function's rows deleted on purpose.
    await staffSave(copy, (workbook) => {
      staffEdits(workbook);
      const sheet = workbook.getWorksheet(ATTENDANCE_TAB.name) as ExcelJS.Worksheet;
      sheet.spliceRows(rowWith(sheet, idColumn, 'att-3'), 1);
    });
    await fs.copyFile(copy, file);

    expect((await submit(attendance(19))).answer).toBe('accepted');
    await new XlsxSheetStore(file).settle();
    const ids = await fileColumn(file, ATTENDANCE_TAB.name, 'submission_id');
    for (let n = 0; n < 20; n += 1)
      expect(
        ids.filter((id) => id === `att-${n}`),
        `att-${n}`,
      ).toHaveLength(n === 3 ? 0 : 1);
    expect(ids.filter((id) => String(id).startsWith('typed-'))).toHaveLength(5);
    await expectStaffEditsKept();
    // Sending the deleted one again is a new entry staff will see; the others are recognised as stored.
    expect((await submit(attendance(3))).answer).toBe('accepted');
    expect((await submit(attendance(12))).answer).toBe('duplicate');
    reportFigures('stale copy', { acknowledged: 20, restored: 9, deletedByStaff: 1, rowsAfter: ids.length });
  });
});

describe('the server stopped while the program still held the workbook', () => {
  it('writes the waiting entries in when it starts again, before any request', async () => {
    // No background recompute here: it would take the workbook again after this server is gone.
    await server?.close();
    await XlsxSheetStore.closeAll();
    const config = loadConfig({ WORKBOOK_PATH: file, WORKBOOK_SAVE_INTERVAL_MS: '50', RECOMPUTE_ON_SUBMIT: 'off', MAILER: 'off' });
    server = await serveHttp(createApp(config, { clock: fixedClock('2026-06-15T10:00:00+08:00'), logger: jsonLogger('silent') }).handler);
    await fs.writeFile(LOCK(), 'staff,host,1;');
    for (let n = 0; n < 5; n += 1) expect((await submit(attendance(n))).answer).toBe('accepted');
    await server?.close();
    server = undefined;
    await XlsxSheetStore.closeAll(); // the lock file is still there: the entries stay in the journal
    const waiting = (await fileColumn(file, ATTENDANCE_TAB.name, 'submission_id')).filter((id) => String(id).startsWith('att-'));
    expect(waiting).toEqual([]);
    await fs.rm(LOCK());

    const restarted = new XlsxSheetStore(file, { saveIntervalMs: 50 });
    await restarted.resume();
    await expect
      .poll(async () => (await fileColumn(file, ATTENDANCE_TAB.name, 'submission_id')).filter((id) => String(id).startsWith('att-')))
      .toEqual(['att-0', 'att-1', 'att-2', 'att-3', 'att-4']);
  });
});
