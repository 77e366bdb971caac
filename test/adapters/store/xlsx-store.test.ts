// The .xlsx adapter: template layout, header rules, raw text, serialized and atomic writes, crash safety.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ALL_TABS,
  DERIVED_TABS,
  FEEDBACK_LOG_TAB,
  LEAVE_TAB,
  PROBLEMS_TAB,
  SCORES_TAB,
  SETTINGS_TAB,
  SOURCE_TABS,
  headerText,
} from '../../../sheets-templates/index.js';
import { sheetValidations, templateWorkbook } from '../../../functions/src/adapters/store/xlsx-format.js';
import { XlsxSheetStore } from '../../../functions/src/adapters/store/xlsx-store.js';
import { HeaderError } from '../../../functions/src/core/table.js';
import { parseSettings, defaultSettings } from '../../../functions/src/core/settings.js';
import { provisionWorkbook } from '../../../functions/src/provision/workbook.js';
import { scoreRow } from '../../fixtures/world.js';
import { durableWrite, type TempWriter } from '../../../functions/src/adapters/durable-write.js';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'xlsx-store-'));
  file = path.join(dir, 'training.xlsx');
  await provisionWorkbook(file);
});

afterEach(async () => {
  await XlsxSheetStore.closeAll();
  await fs.rm(dir, { recursive: true, force: true, maxRetries: 5 });
});

async function openWorkbook(): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

describe('a freshly provisioned workbook', () => {
  it('has every tab with the template header row, frozen', async () => {
    const workbook = await openWorkbook();
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(ALL_TABS.map((tab) => tab.name));
    for (const tab of ALL_TABS) {
      const sheet = workbook.getWorksheet(tab.name);
      const header = (sheet?.getRow(1).values as unknown[]).slice(1);
      expect(header, tab.name).toEqual(tab.columns.map(headerText));
      expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    }
  });

  it('has dropdowns on source tabs and protection on derived tabs', async () => {
    const workbook = await openWorkbook();
    const scores = workbook.getWorksheet(SCORES_TAB.name);
    expect(scores).toBeDefined();
    const componentColumn = SCORES_TAB.columns.findIndex((column) => column.key === 'component') + 1;
    const validation = sheetValidations(scores as ExcelJS.Worksheet).model[`${String.fromCharCode(64 + componentColumn)}2`];
    expect(validation).toMatchObject({ type: 'list', formulae: ['"exam,paper,classroom,project,case,simulation,performance"'] });
    for (const tab of DERIVED_TABS) {
      const sheet = workbook.getWorksheet(tab.name) as unknown as { sheetProtection?: { sheet?: boolean } };
      expect(sheet.sheetProtection?.sheet, tab.name).toBe(true);
    }
    for (const tab of SOURCE_TABS) {
      const sheet = workbook.getWorksheet(tab.name) as unknown as { sheetProtection?: { sheet?: boolean } };
      expect(sheet.sheetProtection?.sheet, tab.name).toBeFalsy();
    }
  });

  it('holds the Settings defaults', async () => {
    const store = new XlsxSheetStore(file);
    const settings = parseSettings((await store.read([SETTINGS_TAB.name])).get(SETTINGS_TAB.name));
    expect(settings).toEqual(defaultSettings());
    expect(settings).toMatchObject({
      pass_mark: 60,
      band_excellent: 90,
      band_good: 80,
      min_attendance: 0.8,
      max_attempts: 2,
      retake_window_days: 14,
      time_zone: 'Asia/Shanghai',
      language: 'zh-CN',
    });
  });

  it('is not replaced when provisioned again', async () => {
    expect(await provisionWorkbook(file)).toMatchObject({ created: false, reason: 'exists' });
  });
});

describe('appending and reading back', () => {
  it('round-trips a row of every source tab through a fresh process view', async () => {
    const rows: Record<string, Record<string, string | number>> = {
      Plan: {
        course_id: 'C1',
        title: '财富管理',
        category: '财富管理',
        method: '面授',
        level: '专业级',
        direction: '对私',
        instructor: '周老师',
        instructor_type: '外聘',
        start_date: '2026-03-01',
        end_date: '2026-03-20',
        hours: 16,
        sessions: 6,
        theory_weight: 0.4,
        practice_weight: 0.6,
        required_components: 'exam,case',
        pass_mark: 65,
        min_attendance: 0.75,
        max_attempts: 3,
        approval: '已批准',
      },
      Roster: {
        trainee_id: 'T1',
        name: '张伟',
        email: 'zhang.wei@bank.example',
        branch: '北京分行',
        level: '专业级',
        direction: '对私',
        cohort: '2026-1',
        status: '在训',
        submission_id: 's0',
        submitted_at: '2026-02-01T09:00:00+08:00',
      },
      Attendance: {
        submission_id: 's1',
        submitted_at: '2026-03-02T09:00:00+08:00',
        course_id: 'C1',
        trainee_id: 'T1',
        session: 1,
        session_date: '2026-03-02',
        status: '出勤',
        recorded_by: '周老师',
      },
      Leave: {
        submission_id: 's2',
        submitted_at: '2026-03-02T09:00:00+08:00',
        course_id: 'C1',
        trainee_id: 'T1',
        session: 2,
        leave_date: '2026-03-05',
        reason: '出差',
        approval: '已批准',
        approver: '王主管',
      },
      Scores: scoreRow('s3'),
      Evaluations: {
        submission_id: 's4',
        submitted_at: '2026-03-21T09:00:00+08:00',
        course_id: 'C1',
        trainee_id: 'T1',
        goal_achievement: 5,
        content_practicality: 4,
        method_effectiveness: 4,
        instructor_level: 5,
        overall_satisfaction: 5,
        comment: '很实用',
      },
    };
    const store = new XlsxSheetStore(file);
    for (const [tab, row] of Object.entries(rows)) await store.append(tab, [row]);
    const fresh = new XlsxSheetStore(file);
    const tables = await fresh.read(Object.keys(rows));
    for (const [tab, row] of Object.entries(rows)) {
      const read = tables.get(tab)?.rows ?? [];
      expect(read, tab).toHaveLength(1);
      expect(read[0]?.rowNumber).toBe(2);
      expect(read[0]?.values, tab).toEqual(Object.fromEntries(Object.keys(read[0]?.values ?? {}).map((key) => [key, row[key] ?? null])));
    }
  });

  it('writes formula-looking text as text cells, never formulas', async () => {
    const store = new XlsxSheetStore(file);
    const texts = ['=HYPERLINK("http://x","y")', '+1-2', '-3+4', '@SUM(A1:A2)', '=1+1'];
    await store.append(
      LEAVE_TAB.name,
      texts.map((reason, i) => ({
        submission_id: `f${i}`,
        submitted_at: '2026-06-15T09:00:00+08:00',
        course_id: 'C',
        trainee_id: 'T',
        session: 1,
        leave_date: '2026-06-15',
        reason,
      })),
    );
    await store.settle();
    const workbook = await openWorkbook();
    const sheet = workbook.getWorksheet(LEAVE_TAB.name) as ExcelJS.Worksheet;
    const reasonColumn = LEAVE_TAB.columns.findIndex((column) => column.key === 'reason') + 1;
    texts.forEach((text, i) => {
      const cell = sheet.getRow(i + 2).getCell(reasonColumn);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
      expect(cell.value).toBe(text);
    });
  });

  it('reads by header, so columns moved or added by staff change nothing', async () => {
    const workbook = await openWorkbook();
    const sheet = workbook.getWorksheet(SCORES_TAB.name) as ExcelJS.Worksheet;
    sheet.spliceColumns(1, 0, ['备注 Note']);
    const scoreIndex = SCORES_TAB.columns.findIndex((column) => column.key === 'score') + 2;
    const traineeIndex = SCORES_TAB.columns.findIndex((column) => column.key === 'trainee_id') + 2;
    const scoreHeader = sheet.getRow(1).getCell(scoreIndex).value;
    sheet.getRow(1).getCell(scoreIndex).value = sheet.getRow(1).getCell(traineeIndex).value;
    sheet.getRow(1).getCell(traineeIndex).value = scoreHeader;
    await workbook.xlsx.writeFile(file);

    const store = new XlsxSheetStore(file);
    await store.append(SCORES_TAB.name, [scoreRow('moved', { score: 77 })]);
    const row = (await new XlsxSheetStore(file).read([SCORES_TAB.name])).get(SCORES_TAB.name)?.rows[0];
    expect(row?.values).toMatchObject({ trainee_id: 'T002', score: 77 });
    await store.settle();
    const raw = (await openWorkbook()).getWorksheet(SCORES_TAB.name)?.getRow(2);
    expect(raw?.getCell(traineeIndex).value).toBe(77);
    expect(raw?.getCell(1).value).toBeNull();
  });

  it('keeps one row for one submission id, even when two deliveries race', async () => {
    const store = new XlsxSheetStore(file);
    const results = await Promise.all([
      store.append(SCORES_TAB.name, [scoreRow('same')], { uniqueBy: 'submission_id' }),
      store.append(SCORES_TAB.name, [scoreRow('same')], { uniqueBy: 'submission_id' }),
    ]);
    expect(results.map((r) => r.appended).sort()).toEqual([0, 1]);
    expect((await new XlsxSheetStore(file).read([SCORES_TAB.name])).get(SCORES_TAB.name)?.rows).toHaveLength(1);
  });

  it('serializes many concurrent writers without losing a row', async () => {
    const store = new XlsxSheetStore(file);
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => store.append(SCORES_TAB.name, [scoreRow(`c${i}`)], { uniqueBy: 'submission_id' })),
    );
    const rows = (await new XlsxSheetStore(file).read([SCORES_TAB.name])).get(SCORES_TAB.name)?.rows ?? [];
    expect(new Set(rows.map((row) => row.values['submission_id'])).size).toBe(60);
    expect(rows.map((row) => row.rowNumber)).toEqual(Array.from({ length: 60 }, (_, i) => i + 2));
  });

  it('sees a save made by someone else', async () => {
    const store = new XlsxSheetStore(file);
    await store.append(SCORES_TAB.name, [scoreRow('ours')]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await new XlsxSheetStore(file).append(SCORES_TAB.name, [scoreRow('theirs')]);
    await store.append(SCORES_TAB.name, [scoreRow('ours-again')]);
    const ids = (await new XlsxSheetStore(file).read([SCORES_TAB.name]))
      .get(SCORES_TAB.name)
      ?.rows.map((row) => row.values['submission_id']);
    expect(ids).toEqual(['ours', 'theirs', 'ours-again']);
  });

  it('replaces a derived tab whole, shrinking it', async () => {
    const store = new XlsxSheetStore(file);
    const retake = (id: string) => ({ trainee_id: id, name: 'n', course_id: 'C', reasons: '总评不合格', next_attempt: 2 });
    await store.replace(new Map([['Retakes', [retake('A'), retake('B'), retake('C')]]]));
    await store.replace(new Map([['Retakes', [retake('Z')]]]));
    const rows = (await new XlsxSheetStore(file).read(['Retakes'])).get('Retakes')?.rows ?? [];
    expect(rows.map((row) => row.values['trainee_id'])).toEqual(['Z']);
    await expect(store.replace(new Map([['Scores', []]]))).rejects.toThrow(/source tab/);
  });
});

describe('a tab with a broken header row', () => {
  const cases = [
    {
      name: 'missing header',
      edit: (row: ExcelJS.Row) => (row.getCell(7).value = null),
      error: /Tab "Scores" has a blank header \(column G\)/,
    },
    {
      name: 'blank header between others',
      edit: (row: ExcelJS.Row) => (row.getCell(3).value = '  '),
      error: /Tab "Scores" has a blank header \(column C\)/,
    },
    {
      name: 'duplicate header',
      edit: (row: ExcelJS.Row) => (row.getCell(9).value = '分数 Score'),
      error: /Tab "Scores" has the header "分数 Score" more than once \(column I\)/,
    },
    {
      name: 'renamed header',
      edit: (row: ExcelJS.Row) => (row.getCell(7).value = '成绩'),
      error: /Tab "Scores" is missing the header "分数 Score"/,
    },
  ];

  it.each(cases)('is refused with an error naming the tab and header: $name', async ({ edit, error }) => {
    const workbook = await openWorkbook();
    edit((workbook.getWorksheet(SCORES_TAB.name) as ExcelJS.Worksheet).getRow(1));
    await workbook.xlsx.writeFile(file);
    const store = new XlsxSheetStore(file);
    await expect(store.read([SCORES_TAB.name])).rejects.toThrow(HeaderError);
    await expect(store.read([SCORES_TAB.name])).rejects.toThrow(error);
    await expect(store.append(SCORES_TAB.name, [scoreRow('x')])).rejects.toThrow(error);
  });
});

describe('a crash while saving', () => {
  it('leaves the previous workbook intact when the write dies half way, keeps the entry, and saves it once the disk works', async () => {
    let failing = false;
    const halfWrite: TempWriter = async (temp, data) => {
      if (!failing) return durableWrite(temp, data);
      await fs.writeFile(temp, data.subarray(0, Math.floor(data.length / 2)));
      throw new Error('disk full');
    };
    const store = new XlsxSheetStore(file, { writeTemp: halfWrite });
    await store.append(SCORES_TAB.name, [scoreRow('before')]);
    await store.settle();
    const before = await fs.readFile(file);

    failing = true;
    // The entry is accepted into the journal; the save that follows fails and says why.
    await store.append(SCORES_TAB.name, [scoreRow('kept')]);
    await expect(store.settle()).rejects.toThrow(/Saving .* failed: disk full/);
    expect(await fs.readFile(file)).toEqual(before);
    expect((await fs.readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect((await store.health()).workbook).toBe('save-failed');
    const ids = async () => (await store.read([SCORES_TAB.name])).get(SCORES_TAB.name)?.rows.map((row) => row.values['submission_id']);
    expect(await ids()).toEqual(['before', 'kept']);

    failing = false;
    await store.settle();
    expect(await store.health()).toMatchObject({ workbook: 'ok', pending: 0 });
    const workbook = await openWorkbook();
    expect(workbook.getWorksheet(SCORES_TAB.name)?.getRow(3).getCell(1).value).toBe('kept');
  });

  it('loses no acknowledged row and always leaves a readable workbook when the process is killed mid-append or mid-save', async () => {
    const acknowledged: string[] = [];
    for (let round = 0; round < 3; round += 1) {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '../../fixtures/append-forever.ts'), file], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 150 + round * 170));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      acknowledged.push(...[...output.matchAll(/^ack (\S+)$/gm)].map((match) => match[1] as string));
      // A process that only reads sees the file plus what the journal holds beyond it.
      const rows = (await new XlsxSheetStore(file).read([SCORES_TAB.name])).get(SCORES_TAB.name)?.rows ?? [];
      const ids = new Set(rows.map((row) => row.values['submission_id']));
      for (const id of acknowledged) expect(ids.has(id), id).toBe(true);
      expect(rows).toHaveLength(ids.size);
      // The file on disk is always a whole workbook.
      expect((await openWorkbook()).getWorksheet(SCORES_TAB.name)).toBeDefined();
    }
    expect(acknowledged.length).toBeGreaterThan(3);
    // The next writer takes the journal over and saves everything it holds into the file.
    const owner = new XlsxSheetStore(file);
    await owner.append(SCORES_TAB.name, [scoreRow('after-the-crashes')]);
    await owner.settle();
    const saved = new Set((await openWorkbook()).getWorksheet(SCORES_TAB.name)?.getColumn(1).values);
    for (const id of acknowledged) expect(saved.has(id), id).toBe(true);
  });
});

describe('a workbook made by an earlier release', () => {
  it('reads a derived tab added since as empty, creates it on the first write, and renews an empty derived tab whose columns changed', async () => {
    const oldFeedbackLog = {
      ...FEEDBACK_LOG_TAB,
      columns: FEEDBACK_LOG_TAB.columns.filter((column) => !['kind', 'first_seen_at', 'tries'].includes(column.key)),
    };
    const workbook = await templateWorkbook([
      ...ALL_TABS.filter((tab) => tab.name !== PROBLEMS_TAB.name && tab.name !== FEEDBACK_LOG_TAB.name),
      oldFeedbackLog,
    ]);
    await workbook.xlsx.writeFile(file);

    const store = new XlsxSheetStore(file);
    const read = await store.read([PROBLEMS_TAB.name, FEEDBACK_LOG_TAB.name]);
    expect(read.get(PROBLEMS_TAB.name)?.rows).toEqual([]);
    expect(read.get(FEEDBACK_LOG_TAB.name)?.rows).toEqual([]);
    await store.replace(
      new Map([
        [PROBLEMS_TAB.name, [{ found_at: '2026-06-15T10:00:00+08:00', tab: 'Scores', row: 5, reasons: '分数：必须是数字' }]],
        [FEEDBACK_LOG_TAB.name, [{ feedback_key: 'result|T1|C1|1|abc', kind: 'result', status: 'pending', tries: 0 }]],
      ]),
    );
    await store.settle();

    const again = await new XlsxSheetStore(file).read([PROBLEMS_TAB.name, FEEDBACK_LOG_TAB.name]);
    expect(again.get(PROBLEMS_TAB.name)?.rows.map((row) => row.values)).toEqual([
      expect.objectContaining({ tab: 'Scores', row: 5, reasons: '分数：必须是数字' }),
    ]);
    expect(again.get(FEEDBACK_LOG_TAB.name)?.rows.map((row) => row.values)).toEqual([
      expect.objectContaining({ feedback_key: 'result|T1|C1|1|abc', kind: 'result', tries: 0 }),
    ]);
  });

  it('still refuses a derived tab with rows whose header lost a column', async () => {
    const oldFeedbackLog = { ...FEEDBACK_LOG_TAB, columns: FEEDBACK_LOG_TAB.columns.filter((column) => column.key !== 'tries') };
    const workbook = await templateWorkbook([oldFeedbackLog]);
    workbook.getWorksheet(FEEDBACK_LOG_TAB.name)?.addRow(['result|T1|C1|1|abc', 'result']);
    await workbook.xlsx.writeFile(file);
    await expect(new XlsxSheetStore(file).read([FEEDBACK_LOG_TAB.name])).rejects.toThrow(HeaderError);
  });
});
