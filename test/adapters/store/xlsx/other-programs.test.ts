// Workbooks saved by other programs (openpyxl with and without header notes, SheetJS, LibreOffice): read as provisioned, take a submission, and still open in exceljs and openpyxl after the save.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ALL_TABS, ATTENDANCE_TAB, GRADES_TAB, SOURCE_TABS } from '../../../../sheets-templates/index.js';
import { jsonLogger } from '../../../../functions/src/adapters/json-logger.js';
import { XlsxSheetStore } from '../../../../functions/src/adapters/store/xlsx-store.js';
import { fixedClock } from '../../../../functions/src/adapters/system-clock.js';
import { createApp } from '../../../../functions/src/app.js';
import { loadConfig } from '../../../../functions/src/config.js';
import type { Table } from '../../../../functions/src/core/table.js';
import { openpyxlMissing, openpyxlView } from '../../../fixtures/openpyxl.js';
import { post, serveHttp } from '../../../reliability/storm.js';

/** Made by scripts/other-program-fixtures.sh from the provisioned sample workbook (provisioned.xlsx). */
const FIXTURES = path.join(import.meta.dirname, '../../../fixtures/other-programs');
const PROGRAMS = [
  { program: 'openpyxl, header notes kept', fixture: 'openpyxl-with-notes.xlsx' },
  { program: 'openpyxl, header notes dropped', fixture: 'openpyxl-without-notes.xlsx' },
  { program: 'openpyxl, from a release without the Problems tab', fixture: 'openpyxl-older-release.xlsx' },
  { program: 'SheetJS 0.18.5', fixture: 'sheetjs.xlsx' },
  { program: 'LibreOffice Calc', fixture: 'libreoffice.xlsx' },
] as const;
const TAB_NAMES = ALL_TABS.map((tab) => tab.name);

let dir: string;
let file: string;
/** Every tab as the store reads the workbook before any other program saved it. */
let provisioned: ReadonlyMap<string, Table>;

async function readAll(workbook: string): Promise<ReadonlyMap<string, Table>> {
  try {
    return await new XlsxSheetStore(workbook).read(TAB_NAMES);
  } finally {
    await XlsxSheetStore.closeAll();
  }
}

beforeAll(async () => {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'other-programs-base-'));
  await fs.copyFile(path.join(FIXTURES, 'provisioned.xlsx'), path.join(scratch, 'training.xlsx'));
  provisioned = await readAll(path.join(scratch, 'training.xlsx'));
  await fs.rm(scratch, { recursive: true, force: true });
});

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'other-programs-'));
  file = path.join(dir, 'training.xlsx');
});

afterEach(async () => {
  await XlsxSheetStore.closeAll();
  await fs.rm(dir, { recursive: true, force: true, maxRetries: 5 });
});

/** Attendance for the last session of a course the sample year is still running. */
const lateAttendance = {
  id: 'other-program-att-1',
  kind: 'attendance',
  submittedAt: '2026-11-25T17:30:00+08:00',
  answers: { trainee_id: 'CM2026016', course_id: 'C2026-19', session: 6, session_date: '2026-11-25', status: '出勤' },
};

/** One submission through the real server (recomputed before the answer), then every store closed, so the file is saved. */
async function submitAndSave(body: object): Promise<{ status: number; answer: string }> {
  const config = loadConfig({ WORKBOOK_PATH: file, WORKBOOK_SAVE_INTERVAL_MS: '0', RECOMPUTE_ON_SUBMIT: 'wait', MAILER: 'off' });
  const app = createApp(config, { clock: fixedClock('2026-11-25T18:00:00+08:00'), logger: jsonLogger('silent') });
  const server = await serveHttp(app.handler);
  try {
    const { status, body: answer } = await post(server.base, body);
    return { status, answer: answer.status };
  } finally {
    await server.close();
    await XlsxSheetStore.closeAll();
  }
}

const ids = (table: Table | undefined) => (table?.rows ?? []).map((row) => row.values['submission_id']);

describe.each(PROGRAMS)('a workbook saved by $program', ({ fixture }) => {
  beforeEach(async () => {
    await fs.copyFile(path.join(FIXTURES, fixture), file);
  });

  it('reads every tab with the rows the provisioned workbook had', async () => {
    const tables = await readAll(file);
    expect(provisioned.get(ATTENDANCE_TAB.name)?.rows.length).toBeGreaterThan(1000);
    for (const name of TAB_NAMES) expect(tables.get(name)?.rows, name).toEqual(provisioned.get(name)?.rows);
  });

  it('takes a submission, and the saved file opens in exceljs with the new row and recomputed grades', async () => {
    expect(await submitAndSave(lateAttendance)).toEqual({ status: 200, answer: 'accepted' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const attendance = workbook.getWorksheet(ATTENDANCE_TAB.name);
    const column = ATTENDANCE_TAB.columns.findIndex((c) => c.key === 'submission_id') + 1;
    const found: unknown[] = [];
    attendance?.eachRow((row) => found.push(row.getCell(column).value));
    expect(found).toContain(lateAttendance.id);
    expect(workbook.getWorksheet(GRADES_TAB.name)?.actualRowCount).toBeGreaterThan(1);

    const after = await readAll(file);
    expect(ids(after.get(ATTENDANCE_TAB.name))).toEqual([...ids(provisioned.get(ATTENDANCE_TAB.name)), lateAttendance.id]);
    for (const tab of SOURCE_TABS.filter((t) => t.name !== ATTENDANCE_TAB.name))
      expect(after.get(tab.name)?.rows, tab.name).toEqual(provisioned.get(tab.name)?.rows);
  });

  it('takes a submission, and the saved file opens in openpyxl with the new row and every header note kept', async (context) => {
    if (openpyxlMissing) context.skip(openpyxlMissing);
    const before = await openpyxlView(file);
    expect(await submitAndSave(lateAttendance)).toEqual({ status: 200, answer: 'accepted' });
    const { tabs, notes } = await openpyxlView(file);
    expect(Object.keys(tabs)).toEqual(expect.arrayContaining(TAB_NAMES));
    const attendance = tabs[ATTENDANCE_TAB.name] ?? [];
    expect(attendance.length).toBe((provisioned.get(ATTENDANCE_TAB.name)?.rows.length ?? 0) + 2);
    expect(attendance.at(-1)?.slice(0, 1)).toEqual([lateAttendance.id]);
    expect((tabs[GRADES_TAB.name] ?? []).length).toBeGreaterThan(1);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const exceljsNotes = (name: string) => {
      let count = 0;
      workbook.getWorksheet(name)?.eachRow((row) => row.eachCell((cell) => (count += cell.note === undefined ? 0 : 1)));
      return count;
    };
    for (const [name, count] of Object.entries(before.notes)) {
      expect(notes[name], `${name} in openpyxl`).toBe(count);
      expect(exceljsNotes(name), `${name} in exceljs`).toBe(count);
    }
  });
});
