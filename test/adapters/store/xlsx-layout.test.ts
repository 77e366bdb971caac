// What staff and leaders see in the local workbook, read back with exceljs: formats, colours, print setup, dropdowns, protection, chart — also after LibreOffice saved it.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ALL_TABS,
  ATTENDANCE_TAB,
  DERIVED_TABS,
  GRADES_TAB,
  RETAKES_TAB,
  SOURCE_TABS,
  SUMMARY_TAB,
  columnWidth,
  headerHeight,
  validatedRows,
  type TabDef,
} from '../../../sheets-templates/index.js';
import { keepProvisioned, sheetValidations } from '../../../functions/src/adapters/store/xlsx-format.js';
import { XlsxSheetStore } from '../../../functions/src/adapters/store/xlsx-store.js';
import { columnToLetter } from '../../../functions/src/core/a1.js';
import { provisionWorkbook } from '../../../functions/src/provision/workbook.js';

const LIBREOFFICE_SAVED = path.join(import.meta.dirname, '../../fixtures/libreoffice/saved-by-libreoffice.xlsx');

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'xlsx-layout-'));
  file = path.join(dir, 'training.xlsx');
});

afterEach(async () => {
  await XlsxSheetStore.closeAll();
  await fs.rm(dir, { recursive: true, force: true });
});

async function open(at = file): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(at);
  return workbook;
}

function sheetOf(workbook: ExcelJS.Workbook, tab: TabDef): ExcelJS.Worksheet {
  const sheet = workbook.getWorksheet(tab.name);
  if (!sheet) throw new Error(`no tab ${tab.name}`);
  return sheet;
}

function letter(tab: TabDef, key: string): string {
  return columnToLetter(tab.columns.findIndex((column) => column.key === key) + 1);
}

const protectedSheet = (sheet: ExcelJS.Worksheet) =>
  (sheet.model as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet;

interface Rule {
  type: string;
  formulae?: string[];
  text?: string;
  cfvo?: unknown[];
}
const rulesOn = (sheet: ExcelJS.Worksheet, ref: string): Rule[] =>
  (sheet as unknown as { conditionalFormattings: { ref: string; rules: Rule[] }[] }).conditionalFormattings
    .filter((format) => format.ref === ref)
    .flatMap((format) => format.rules);

/** Write what a recompute and a submission write, through the store, as the running function would. */
async function writeThroughStore(at: string): Promise<void> {
  const store = new XlsxSheetStore(at);
  await store.append(ATTENDANCE_TAB.name, [
    {
      submission_id: 'a-1',
      submitted_at: '2026-03-02T09:00:00+08:00',
      course_id: 'C2026-01',
      trainee_id: 'CM2026001',
      session: 1,
      session_date: '2026-03-02',
      status: '出勤',
    },
  ]);
  await store.replace(
    new Map([
      [
        SUMMARY_TAB.name,
        [
          { section: '总览', item: '全部', pass_rate: 0.8538, average: 80, updated_at: '2026-12-02T14:35:01+08:00' },
          { section: '课程', item: 'C2026-01 银行客户经理概论', pass_rate: 1, average: 81.25, updated_at: null },
        ],
      ],
      [
        GRADES_TAB.name,
        [{ trainee_id: 'CM2026001', course_id: 'C2026-01', total: 80, attendance_rate: 0.8333, status: '补考', band: '合格' }],
      ],
    ]),
  );
  // The store saves in batches: what the function has written is in the file once it has settled.
  await store.settle();
}

function expectLaidOut(workbook: ExcelJS.Workbook): void {
  for (const tab of ALL_TABS) {
    const sheet = sheetOf(workbook, tab);
    expect(sheet.pageSetup, tab.name).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(sheet.pageSetup.printTitlesRow, tab.name).toBe('1:1');
    if (tab.role === 'derived') expect(protectedSheet(sheet), tab.name).toBe(true);
  }
  const summary = sheetOf(workbook, SUMMARY_TAB);
  expect(summary.getColumn(letter(SUMMARY_TAB, 'pass_rate')).numFmt).toBe('0.0%');
  expect(summary.getColumn(letter(SUMMARY_TAB, 'average')).numFmt).toBe('0.0');
  expect(summary.getImages()).toHaveLength(1);
  // Printed, the Summary is its table alone: beside the chart it would shrink to half its size.
  expect(summary.pageSetup.printArea).toBe(`A1:${letter(SUMMARY_TAB, 'updated_at')}300`);
  expect(sheetOf(workbook, ATTENDANCE_TAB).getColumn(letter(ATTENDANCE_TAB, 'session_date')).numFmt).toBe('yyyy-mm-dd');
  const grades = sheetOf(workbook, GRADES_TAB);
  const status = `${letter(GRADES_TAB, 'status')}2:${letter(GRADES_TAB, 'status')}1048576`;
  expect(rulesOn(grades, status).map((rule) => rule.formulae?.[0])).toEqual(['"补考"', '"重修/辅导"', '"缺考"', '"优秀"']);
  const reasons = letter(RETAKES_TAB, 'reasons');
  expect(rulesOn(sheetOf(workbook, RETAKES_TAB), `${reasons}2:${reasons}1048576`).map((rule) => rule.formulae?.[0])).toEqual(
    ['总评不合格', '缺少考核项', '出勤不足'].map((text) => `NOT(ISERROR(SEARCH("${text}",${reasons}2)))`),
  );
  expect(rulesOn(summary, `${letter(SUMMARY_TAB, 'pass_rate')}2:${letter(SUMMARY_TAB, 'pass_rate')}1048576`)[0]?.type).toBe('colorScale');
}

describe('a freshly provisioned workbook', () => {
  beforeEach(async () => {
    await provisionWorkbook(file);
  });

  it('has formats, print setup, colours, protection and the chart on every tab that needs them', async () => {
    expectLaidOut(await open());
  });

  it('has headers tall and columns wide enough for both languages, frozen and filtered', async () => {
    const workbook = await open();
    for (const tab of ALL_TABS) {
      const sheet = sheetOf(workbook, tab);
      expect(sheet.getRow(1).height, tab.name).toBe(headerHeight(tab));
      expect(sheet.getRow(1).getCell(1).alignment, tab.name).toMatchObject({ wrapText: true });
      tab.columns.forEach((column, i) => expect(sheet.getColumn(i + 1).width, `${tab.name}.${column.key}`).toBe(columnWidth(tab, column)));
      expect(sheet.views[0], tab.name).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.autoFilter, tab.name).toBeDefined();
    }
  });

  it.each(SOURCE_TABS.map((tab) => ({ tab, name: tab.name })))(
    '$name has its dropdowns down to its validated row count',
    async ({ tab }) => {
      const sheet = sheetOf(await open(), tab);
      const model = sheetValidations(sheet).model;
      const last = validatedRows(tab);
      tab.columns.forEach((column, i) => {
        if (column.type.kind !== 'choice') return;
        const at = columnToLetter(i + 1);
        expect(model[`${at}2`], `${tab.name}.${column.key}`).toMatchObject({ type: 'list' });
        expect(model[`${at}${last}`], `${tab.name}.${column.key}`).toMatchObject({ type: 'list' });
        expect(model[`${at}${last + 1}`]).toBeUndefined();
      });
    },
  );

  it('writes a date as a real date cell in its column style, and reads it back as the same ISO text', async () => {
    await writeThroughStore(file);
    const cell = sheetOf(await open(), ATTENDANCE_TAB)
      .getRow(2)
      .getCell(letter(ATTENDANCE_TAB, 'session_date'));
    expect(cell.value).toEqual(new Date(Date.UTC(2026, 2, 2)));
    expect(cell.numFmt).toBe('yyyy-mm-dd');
    const table = (await new XlsxSheetStore(file).read([ATTENDANCE_TAB.name])).get(ATTENDANCE_TAB.name);
    expect(table?.rows[0]?.values).toMatchObject({ session_date: '2026-03-02', submitted_at: '2026-03-02T09:00:00+08:00' });
  });

  it('shows a rate as a percentage and an average with one decimal in the cells a recompute writes', async () => {
    await writeThroughStore(file);
    const summary = sheetOf(await open(), SUMMARY_TAB);
    const passRate = summary.getRow(2).getCell(letter(SUMMARY_TAB, 'pass_rate'));
    expect([passRate.value, passRate.numFmt]).toEqual([0.8538, '0.0%']);
    const average = summary.getRow(2).getCell(letter(SUMMARY_TAB, 'average'));
    expect([average.value, average.numFmt]).toEqual([80, '0.0']);
  });
});

describe('a workbook saved by LibreOffice (fixture), then written by the store', () => {
  beforeEach(async () => {
    await fs.copyFile(LIBREOFFICE_SAVED, file);
  });

  it('LibreOffice spells booleans "true": protection and fit-to-page are in the fixture that way', async () => {
    const { execFileSync } = await import('node:child_process');
    // The Grades tab's part: sheets are numbered in workbook order, and Grades is protected and fitted to the page.
    const part = `xl/worksheets/sheet${ALL_TABS.indexOf(GRADES_TAB) + 1}.xml`;
    const listing = execFileSync('unzip', ['-p', file, part]).toString();
    expect(listing).toMatch(/<sheetProtection sheet="true"/);
    expect(listing).toMatch(/fitToPage="true"/);
  });

  it('keeps formats, print setup, colours, dropdowns, protection and the chart', async () => {
    await writeThroughStore(file);
    const workbook = await open();
    expectLaidOut(workbook);
    for (const tab of DERIVED_TABS) expect(protectedSheet(sheetOf(workbook, tab)), tab.name).toBe(true);
    const attendance = sheetValidations(sheetOf(workbook, ATTENDANCE_TAB)).model;
    // LibreOffice writes a validated range only down to 1,000 rows below the last row in use.
    expect(attendance[`${letter(ATTENDANCE_TAB, 'status')}1000`]).toMatchObject({ type: 'list' });
  });

  it('gets back from keepProvisioned what LibreOffice (headless) dropped: the frozen header and the filter', async () => {
    const workbook = await open();
    const grades = sheetOf(workbook, GRADES_TAB);
    expect(grades.views.some((view) => view.state === 'frozen')).toBe(false);
    expect(await keepProvisioned(grades, GRADES_TAB)).toEqual(['frozen header', 'filter']);
    expect(grades.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(await keepProvisioned(grades, GRADES_TAB)).toEqual([]);
  });

  it('protects a derived tab again with keepProvisioned when someone unprotected it', async () => {
    const workbook = await open();
    const summary = sheetOf(workbook, SUMMARY_TAB);
    summary.unprotect();
    expect(await keepProvisioned(summary, SUMMARY_TAB)).toContain('protection');
    expect(protectedSheet(summary)).toBe(true);
  });
});
