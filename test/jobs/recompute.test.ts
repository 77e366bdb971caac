// The recompute job end to end: the sample workbook graded, consistent, repaired by reruns, staff edits picked up.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCORES_TAB, headerText } from '../../sheets-templates/index.js';
import { fixedClock } from '../../functions/src/adapters/system-clock.js';
import { XlsxSheetStore } from '../../functions/src/adapters/store/xlsx-store.js';
import { provisionWorkbook } from '../../functions/src/provision/workbook.js';
import { runRecompute } from '../../functions/src/jobs/recompute.js';
import { sampleRows } from '../../functions/src/provision/sample-data.js';
import { submit } from '../../functions/src/jobs/submit.js';
import type { Table } from '../../functions/src/core/table.js';
import type { SheetStore } from '../../functions/src/ports.js';
import { clock as worldClock, submission, worldStore } from '../fixtures/world.js';

const clock = fixedClock('2026-11-23T10:00:00+08:00');
const DERIVED = ['Grades', 'Retakes', 'Summary', 'Archive', 'Problems'];
let dir: string;
let file: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'recompute-'));
  file = path.join(dir, 'training.xlsx');
  await provisionWorkbook(file, { rows: sampleRows() });
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true, maxRetries: 5 });
});

const values = (table: Table | undefined) => (table?.rows ?? []).map((row) => row.values);

describe('the sample workbook after a recompute', () => {
  it('has every derived tab filled and consistent with Grades', async () => {
    const report = await runRecompute(new XlsxSheetStore(file), clock);
    const tables = await new XlsxSheetStore(file).read(DERIVED);
    const grades = values(tables.get('Grades'));
    const summary = values(tables.get('Summary'));
    const retakes = values(tables.get('Retakes'));
    const archive = values(tables.get('Archive'));
    expect(grades.length).toBe(report.grades);
    expect(grades.length).toBeGreaterThan(150);
    expect(retakes.length).toBeGreaterThan(0);
    expect(archive.length).toBeGreaterThan(30);

    const passed = (rows: typeof grades) => rows.filter((row) => row['status'] === '通过' || row['status'] === '优秀').length;
    const [overall, ...sections] = summary;
    expect(overall).toMatchObject({
      section: '总览',
      passed: passed(grades),
      excellent: grades.filter((row) => row['status'] === '优秀').length,
      open_retakes: retakes.length,
    });
    for (const row of sections.filter((r) => r['section'] === '课程')) {
      const courseId = String(row['item']).split(' ')[0];
      expect(row['passed'], String(row['item'])).toBe(passed(grades.filter((g) => g['course_id'] === courseId)));
    }
    expect(retakes.map((row) => `${String(row['trainee_id'])}/${String(row['course_id'])}`).sort()).toEqual(
      grades
        .filter((row) => row['status'] === '补考')
        .map((row) => `${String(row['trainee_id'])}/${String(row['course_id'])}`)
        .sort(),
    );
    expect(new Set(archive.map((row) => `${String(row['year'])}/${String(row['trainee_id'])}`)).size).toBe(archive.length);
    expect(typeof overall?.['pass_rate']).toBe('number');
  });

  it('shows certification levels reached and in progress, and the June joiner graded only from joining', async () => {
    await runRecompute(new XlsxSheetStore(file), clock);
    const tables = await new XlsxSheetStore(file).read(['Archive', 'Grades']);
    const archive = values(tables.get('Archive'));
    const levels = new Set(archive.map((row) => row['certification_level']));
    expect(levels).toEqual(new Set([null, '助理级', '专业级·对公', '专业级·对私']));
    // 助理级 trainees wait for the course still running, one course away.
    const oneAway = archive.filter((row) => String(row['assistant_progress']).startsWith('5/6 门'));
    expect(oneAway.length).toBeGreaterThan(5);
    expect(new Set(oneAway.map((row) => row['next_courses']))).toEqual(new Set(['客户经理营销技能实训']));
    const joiner = values(tables.get('Grades')).filter((row) => row['trainee_id'] === 'CM2026041');
    expect(joiner.map((row) => row['course_id'])).toEqual(['C2026-06', 'C2026-19']);
  });

  it('is the same after a second run with the same clock', async () => {
    await runRecompute(new XlsxSheetStore(file), clock);
    const first = await new XlsxSheetStore(file).read(DERIVED);
    await runRecompute(new XlsxSheetStore(file), clock);
    const second = await new XlsxSheetStore(file).read(DERIVED);
    for (const tab of DERIVED) expect(values(second.get(tab)), tab).toEqual(values(first.get(tab)));
  });
});

describe('with staff edits in the Scores tab', () => {
  async function editScores(edit: (sheet: ExcelJS.Worksheet, column: (key: string) => number) => void): Promise<void> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet(SCORES_TAB.name) as ExcelJS.Worksheet;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    edit(sheet, (key) => header.indexOf(headerText(SCORES_TAB.columns.find((c) => c.key === key) ?? SCORES_TAB.columns[0]!)) + 1);
    await workbook.xlsx.writeFile(file);
  }

  it('lists a row that no longer validates in Problems with its tab and row, and grades the rest', async () => {
    await editScores((sheet, column) => {
      sheet.getRow(5).getCell(column('score')).value = '八十五';
    });
    const report = await runRecompute(new XlsxSheetStore(file), clock);
    expect(report.grades).toBeGreaterThan(150);
    const problems = values((await new XlsxSheetStore(file).read(['Problems'])).get('Problems'));
    expect(problems).toContainEqual(expect.objectContaining({ tab: 'Scores', row: 5, reasons: '分数：必须是数字' }));
  });

  it('picks up a corrected score typed by hand', async () => {
    await runRecompute(new XlsxSheetStore(file), clock);
    const before = values((await new XlsxSheetStore(file).read(['Grades'])).get('Grades'));
    const failing = before.find((row) => row['status'] === '补考');
    expect(failing).toBeDefined();
    await editScores((sheet, column) => {
      sheet.eachRow((row, n) => {
        if (
          n > 1 &&
          row.getCell(column('trainee_id')).value === failing?.['trainee_id'] &&
          row.getCell(column('course_id')).value === failing?.['course_id']
        ) {
          row.getCell(column('score')).value = 88;
        }
      });
    });
    await runRecompute(new XlsxSheetStore(file), clock);
    const after = values((await new XlsxSheetStore(file).read(['Grades'])).get('Grades'));
    const fixed = after.find((row) => row['trainee_id'] === failing?.['trainee_id'] && row['course_id'] === failing?.['course_id']);
    expect(fixed?.['status']).not.toBe('补考');
    expect(fixed?.['total']).toBeGreaterThanOrEqual(60);
  });
});

describe('with a memory store', () => {
  it('keeps rejected submissions, reads once and writes once', async () => {
    const store = worldStore();
    await submit(
      submission('score', { trainee_id: 'T999', course_id: 'C-PRO-CORP', component: 'exam', attempt: 1, score: 50 }),
      store,
      worldClock,
    );
    store.calls.length = 0;
    await runRecompute(store, worldClock);
    expect(store.calls.map((call) => call.method)).toEqual(['read', 'replace']);
    const rejected = values((await store.read(['Rejected'])).get('Rejected'));
    expect(rejected).toEqual([
      expect.objectContaining({ source: 'submission', submission_id: expect.stringMatching(/^resp-/) as unknown }),
    ]);
  });

  it('keeps a submission rejected while the recompute is between its read and its write', async () => {
    const inner = worldStore();
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The recompute's write waits at the gate, as a slow spreadsheet call would; it does not touch Rejected, which only grows.
    const slow: SheetStore = {
      read: (tabs) => inner.read(tabs),
      append: (tab, rows, options) => inner.append(tab, rows, options),
      replace: async (tables) => gate.then(() => inner.replace(tables)),
    };
    const recomputing = runRecompute(slow, worldClock);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const rejecting = submit(
      submission(
        'score',
        { trainee_id: 'T999', course_id: 'C-PRO-CORP', component: 'exam', attempt: 1, score: 50 },
        { id: 'bad-during-recompute' },
      ),
      slow,
      worldClock,
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    await Promise.all([recomputing, rejecting]);
    expect(values((await inner.read(['Rejected'])).get('Rejected')).map((row) => row['submission_id'])).toEqual(['bad-during-recompute']);
  });
});
