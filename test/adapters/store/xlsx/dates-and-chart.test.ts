// The workbook writer and what looks depends on: date columns saved as real dates that read back as the same text, and the Summary's chart redrawn with each new Summary.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ATTENDANCE_TAB, RETAKES_TAB, SUMMARY_TAB, type TabDef } from '../../../../sheets-templates/index.js';
import { summaryChartPng } from '../../../../functions/src/adapters/chart/summary-chart-png.js';
import { XlsxSheetStore } from '../../../../functions/src/adapters/store/xlsx-store.js';
import { partEntry, readParts, sheetImagePart } from '../../../../functions/src/adapters/store/xlsx/workbook-file.js';
import { columnToLetter } from '../../../../functions/src/core/a1.js';
import type { RowRecord } from '../../../../functions/src/core/table.js';
import { memoryLogger } from '../../../../functions/src/adapters/json-logger.js';
import { provisionWorkbook } from '../../../../functions/src/provision/workbook.js';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'xlsx-dates-chart-'));
  file = path.join(dir, 'training.xlsx');
  await provisionWorkbook(file);
});

afterEach(async () => {
  await XlsxSheetStore.closeAll();
  await fs.rm(dir, { recursive: true, force: true, maxRetries: 5 });
});

const letter = (tab: TabDef, key: string) => columnToLetter(tab.columns.findIndex((column) => column.key === key) + 1);

/** The stored bytes of a part of the file, inflated. */
async function part(name: string): Promise<Buffer> {
  const parts = await readParts(await fs.readFile(file));
  const entry = partEntry(parts, name);
  if (!entry) throw new Error(`no part ${name}`);
  const { inflateRawSync } = await import('node:zlib');
  return entry.compressionMethod === 0 ? Buffer.from(entry.raw) : inflateRawSync(entry.raw);
}

async function sheetXml(tab: TabDef): Promise<string> {
  const parts = await readParts(await fs.readFile(file));
  return (await part(parts.sheetPaths.get(tab.name) ?? '')).toString('utf8');
}

/** A cell's XML in a worksheet part. */
const cellOf = (xml: string, ref: string) => new RegExp(`<c r="${ref}"[^>]*>.*?</c>`).exec(xml)?.[0];

/** The same rows read by a store that starts from the file alone (another process would). */
async function readAfresh(tab: TabDef): Promise<readonly RowRecord[]> {
  await XlsxSheetStore.closeAll();
  await fs.rm(file.replace(/\.xlsx$/, '.journal.jsonl'), { force: true });
  const table = (await new XlsxSheetStore(file).read([tab.name])).get(tab.name);
  return (table?.rows ?? []).map((row) => row.values);
}

const attendance = {
  submission_id: 'a-1',
  submitted_at: '2026-03-02T09:00:00+08:00',
  course_id: 'C2026-01',
  trainee_id: 'CM2026001',
  session: 1,
  session_date: '2026-03-02',
  status: '出勤',
};

describe('date columns', () => {
  it('are saved as a number in the column date style, and read back as the same ISO text; date-times stay text', async () => {
    const store = new XlsxSheetStore(file, { saveIntervalMs: 0 });
    await store.append(ATTENDANCE_TAB.name, [attendance]);
    await store.settle();
    const xml = await sheetXml(ATTENDANCE_TAB);
    // 2026-03-02 is day 46083 of the 1900 date system.
    expect(cellOf(xml, `${letter(ATTENDANCE_TAB, 'session_date')}2`)).toMatch(/^<c r="\w+2" s="\d+"><v>46083<\/v><\/c>$/);
    expect(cellOf(xml, `${letter(ATTENDANCE_TAB, 'submitted_at')}2`)).toContain('t="inlineStr"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const cell = workbook.getWorksheet(ATTENDANCE_TAB.name)?.getRow(2).getCell(letter(ATTENDANCE_TAB, 'session_date'));
    expect([cell?.value, cell?.numFmt]).toEqual([new Date(Date.UTC(2026, 2, 2)), 'yyyy-mm-dd']);
    expect((await store.read([ATTENDANCE_TAB.name])).get(ATTENDANCE_TAB.name)?.rows[0]?.values).toMatchObject(attendance);
    expect((await readAfresh(ATTENDANCE_TAB))[0]).toMatchObject(attendance);
  });

  it('in a replaced derived tab (the Retakes deadline) round-trip too', async () => {
    const store = new XlsxSheetStore(file, { saveIntervalMs: 0 });
    const retake = { trainee_id: 'CM2026001', course_id: 'C2026-01', next_attempt: 2, deadline: '2026-12-31' };
    await store.replace(new Map([[RETAKES_TAB.name, [retake]]]));
    await store.settle();
    expect(cellOf(await sheetXml(RETAKES_TAB), `${letter(RETAKES_TAB, 'deadline')}2`)).toMatch(/<v>46387<\/v>/);
    expect((await readAfresh(RETAKES_TAB))[0]).toMatchObject(retake);
  });

  it('stay text where the column has no date style (a workbook laid out before), so they still read back', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet(ATTENDANCE_TAB.name);
    if (!sheet) throw new Error('no Attendance tab');
    sheet.getColumn(letter(ATTENDANCE_TAB, 'session_date')).numFmt = 'General';
    await workbook.xlsx.writeFile(file);
    const store = new XlsxSheetStore(file, { saveIntervalMs: 0 });
    await store.append(ATTENDANCE_TAB.name, [attendance]);
    await store.settle();
    expect(cellOf(await sheetXml(ATTENDANCE_TAB), `${letter(ATTENDANCE_TAB, 'session_date')}2`)).toContain('2026-03-02');
    expect((await readAfresh(ATTENDANCE_TAB))[0]).toMatchObject(attendance);
  });
});

const summaryRows: RowRecord[] = [
  { section: '总览', item: '全部', pass_rate: 0.85, average: 80, updated_at: '2026-12-02T14:35:01+08:00' },
  { section: '课程', item: 'C2026-01 银行客户经理概论', pass_rate: 1, average: 81.25 },
  { section: '课程', item: 'C2026-02 对公业务基础', pass_rate: 0.4, average: 61 },
];

async function summaryImage(): Promise<{ name: string; bytes: Buffer }> {
  const parts = await readParts(await fs.readFile(file));
  const name = await sheetImagePart(parts, parts.sheetPaths.get(SUMMARY_TAB.name) ?? '');
  if (!name) throw new Error('the Summary has no picture');
  return { name, bytes: await part(name) };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('the Summary chart', () => {
  it('is the picture provisioning placed in the Summary, found through its drawing', async () => {
    const { name, bytes } = await summaryImage();
    expect(name).toBe('xl/media/image1.png');
    expect(bytes.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  });

  it('is drawn anew from the rows of each new Summary a save writes, in place of the old picture', async () => {
    const before = await summaryImage();
    const store = new XlsxSheetStore(file, { saveIntervalMs: 0 });
    await store.replace(new Map([[SUMMARY_TAB.name, summaryRows]]));
    await store.settle();
    const after = await summaryImage();
    expect(after.name).toBe(before.name);
    expect(after.bytes.equals(before.bytes)).toBe(false);
    expect(after.bytes.equals(Buffer.from(await summaryChartPng(summaryRows)))).toBe(true);
    // Same width and height (IHDR), so the anchored picture keeps its shape.
    expect([after.bytes.readUInt32BE(16), after.bytes.readUInt32BE(20)]).toEqual([
      before.bytes.readUInt32BE(16),
      before.bytes.readUInt32BE(20),
    ]);
    // Still a workbook exceljs opens with its picture.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    expect(workbook.getWorksheet(SUMMARY_TAB.name)?.getImages()).toHaveLength(1);
  });

  it('gets the rows as the Summary holds them, and is not redrawn by saves that leave the Summary alone', async () => {
    const drawn: (readonly RowRecord[])[] = [];
    const store = new XlsxSheetStore(file, {
      saveIntervalMs: 0,
      summaryChart: (rows) => {
        drawn.push(rows);
        return Promise.resolve(new Uint8Array([...PNG_SIGNATURE, 1, 2, 3]));
      },
    });
    await store.replace(new Map([[SUMMARY_TAB.name, summaryRows]]));
    await store.settle();
    await store.append(ATTENDANCE_TAB.name, [attendance]);
    await store.settle();
    expect(drawn).toHaveLength(1);
    expect(drawn[0]?.map((row) => [row['item'], row['pass_rate']])).toEqual(summaryRows.map((row) => [row['item'], row['pass_rate']]));
    expect((await summaryImage()).bytes).toEqual(Buffer.from([...PNG_SIGNATURE, 1, 2, 3]));
  });

  it('that cannot be drawn leaves the old picture and never stops the save', async () => {
    const before = await summaryImage();
    const logger = memoryLogger();
    const store = new XlsxSheetStore(file, { saveIntervalMs: 0, logger, summaryChart: () => Promise.reject(new Error('no Skia here')) });
    await store.replace(new Map([[SUMMARY_TAB.name, summaryRows]]));
    await store.settle();
    expect((await summaryImage()).bytes.equals(before.bytes)).toBe(true);
    expect((await readAfresh(SUMMARY_TAB)).map((row) => row['item'])).toEqual(summaryRows.map((row) => row['item']));
    expect(JSON.stringify(logger.lines)).toContain('no Skia here');
  });
});
