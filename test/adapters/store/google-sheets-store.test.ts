// The Google Sheets store with the real client against the Sheets fake: headers, dates, RAW writes, faults, the call budget.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ATTENDANCE_TAB,
  GRADES_TAB,
  LEAVE_TAB,
  PROBLEMS_TAB,
  SCORES_TAB,
  headerText,
  type TabDef,
} from '../../../sheets-templates/index.js';
import type { GoogleSheetsStore } from '../../../functions/src/adapters/store/google-sheets-store.js';
import { XlsxSheetStore } from '../../../functions/src/adapters/store/xlsx-store.js';
import type { Cell } from '../../../functions/src/core/cells.js';
import { HeaderError, type Table } from '../../../functions/src/core/table.js';
import { provisionWorkbook } from '../../../functions/src/provision/workbook.js';
import { DEFAULT_RETRY_POLICY } from '../../../functions/src/adapters/google/retry.js';
import type { StoreError } from '../../../functions/src/ports.js';
import { runRecompute } from '../../../functions/src/jobs/recompute.js';
import { submit } from '../../../functions/src/jobs/submit.js';
import type { SheetsFake } from '../../fakes/sheets-fake.js';
import { scopeInsufficientError, serviceDisabledError } from '../../fakes/http-fake.js';
import { fakeWorld, sheetsStore, worldWithRoster } from '../../fixtures/sheets-world.js';
import { clock, gridOf, SCORE_ANSWERS, scoreRow, submission, worldStore } from '../../fixtures/world.js';

const fakes: SheetsFake[] = [];

afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

async function world(...args: Parameters<typeof fakeWorld>): Promise<SheetsFake> {
  const fake = await fakeWorld(...args);
  fakes.push(fake);
  return fake;
}

const valuesOf = (table: Table | undefined) => (table?.rows ?? []).map((row) => row.values);

/** Rows as a spreadsheet keeps them: Google Sheets has no empty text, so "" written reads back as a blank cell. */
const asStored = (table: Table | undefined) =>
  valuesOf(table).map((values) => Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value === '' ? null : value])));

/** Put `tab`'s rows under its header in another column order, with a column staff added. */
function shuffledGrid(tab: TabDef, records: readonly Record<string, Cell>[], extra = '备注 Remark'): Cell[][] {
  const columns = [...tab.columns].reverse();
  return [
    [extra, ...columns.map(headerText)],
    ...records.map((record) => ['staff note', ...columns.map((column) => record[column.key] ?? null)]),
  ];
}

/** Calls a piece of work costs, as the budget counts them. */
async function cost(fake: SheetsFake, work: () => Promise<unknown>): Promise<{ reads: number; writes: number }> {
  fake.resetCalls();
  await work();
  return { reads: fake.reads(), writes: fake.writes() };
}

async function failure(work: Promise<unknown>): Promise<{ code?: string; name: string; message: string }> {
  try {
    await work;
  } catch (error) {
    return error as { code?: string; name: string; message: string };
  }
  throw new Error('the work did not fail');
}

describe('reading by header', () => {
  it('reads the world as the memory store does', async () => {
    const fake = await world();
    const names = ['Settings', 'Plan', 'Roster', 'Scores'];
    const [fromSheets, fromMemory] = await Promise.all([sheetsStore(fake).read(names), worldStore().read(names)]);
    for (const name of names) {
      expect(
        fromSheets.get(name)?.rows.map((row) => row.rowNumber),
        name,
      ).toEqual(fromMemory.get(name)?.rows.map((row) => row.rowNumber));
      expect(asStored(fromSheets.get(name)), name).toEqual(asStored(fromMemory.get(name)));
    }
  });

  it('reads moved columns and ignores a column staff added', async () => {
    const memory = worldStore();
    memory.setGrid(SCORES_TAB.name, shuffledGrid(SCORES_TAB, [scoreRow('s1'), scoreRow('s2', { score: 59.5 })]));
    const store = sheetsStore(await world(memory));
    expect(valuesOf((await store.read(['Scores'])).get('Scores'))).toEqual([scoreRow('s1'), scoreRow('s2', { score: 59.5 })]);
  });

  it('skips blank rows and keeps the row numbers people see', async () => {
    const memory = worldStore();
    memory.setGrid(SCORES_TAB.name, [
      ...gridOf(SCORES_TAB, [scoreRow('s1')]),
      [null, ''],
      ...gridOf(SCORES_TAB, [scoreRow('s3')]).slice(1),
    ]);
    const rows = (await sheetsStore(await world(memory)).read(['Scores'])).get('Scores')?.rows ?? [];
    expect(rows.map((row) => [row.rowNumber, row.values['submission_id']])).toEqual([
      [2, 's1'],
      [4, 's3'],
    ]);
  });

  it('refuses a tab whose header row lost a column, naming both', async () => {
    const memory = worldStore();
    memory.setGrid(SCORES_TAB.name, [SCORES_TAB.columns.filter((column) => column.key !== 'score').map(headerText)]);
    const error = await failure(sheetsStore(await world(memory)).read(['Scores']));
    expect(error).toBeInstanceOf(HeaderError);
    expect(error.message).toBe('工作表“Scores”缺少表头“分数 Score”。 Tab "Scores" is missing the header "分数 Score".');
  });

  it('reads every tab in one batchGet, with the header rows of the others, quoting names', async () => {
    const quoted: TabDef = { ...LEAVE_TAB, name: "Trainer's leave" };
    const fake = await world();
    fake.addSheet(quoted.name, gridOf(quoted, []));
    const store = sheetsStore(fake, { tabs: [quoted, SCORES_TAB, GRADES_TAB] });
    await store.read([quoted.name, 'Scores']);
    const batchGets = fake.calls.filter((call) => call.path.endsWith('values:batchGet'));
    expect(batchGets).toHaveLength(1);
    expect(batchGets[0]?.query.getAll('ranges')).toEqual(["'Trainer''s leave'", "'Scores'", "'Grades'!1:1"]);
    expect(batchGets[0]?.query.get('valueRenderOption')).toBe('UNFORMATTED_VALUE');
    expect(batchGets[0]?.query.get('dateTimeRenderOption')).toBe('SERIAL_NUMBER');
  });
});

describe('dates', () => {
  it('reads date serials as the same cells the .xlsx adapter gives', async () => {
    const instants = [
      Date.UTC(2026, 5, 8),
      Date.UTC(2026, 5, 8, 9, 30, 15),
      Date.UTC(2026, 5, 8, 9, 30, 15, 600),
      Date.UTC(2026, 5, 8, 23, 59, 59),
    ];
    const record = (i: number, when: Date | number): Record<string, Cell | Date> => ({
      submission_id: `a${i}`,
      submitted_at: when,
      course_id: 'C-PRO-CORP',
      trainee_id: 'T002',
      session: i + 1,
      session_date: when,
      status: '出勤',
    });

    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sheets-dates-'));
    try {
      const file = path.join(dir, 'training.xlsx');
      await provisionWorkbook(file);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(file);
      const sheet = workbook.getWorksheet(ATTENDANCE_TAB.name) as ExcelJS.Worksheet;
      instants.forEach((ms, i) => sheet.addRow(ATTENDANCE_TAB.columns.map((column) => record(i, new Date(ms))[column.key] ?? null)));
      await workbook.xlsx.writeFile(file);
      const fromXlsx = valuesOf((await new XlsxSheetStore(file).read([ATTENDANCE_TAB.name])).get(ATTENDANCE_TAB.name));

      // What Google Sheets holds for the same cells: the serial number, as UNFORMATTED_VALUE answers.
      const serial = (ms: number) => 25_569 + ms / 86_400_000;
      const memory = worldStore();
      memory.setGrid(
        ATTENDANCE_TAB.name,
        gridOf(
          ATTENDANCE_TAB,
          instants.map((ms, i) => record(i, serial(ms)) as Record<string, Cell>),
        ),
      );
      const fromSheets = valuesOf((await sheetsStore(await world(memory)).read([ATTENDANCE_TAB.name])).get(ATTENDANCE_TAB.name));

      expect(fromSheets).toEqual(fromXlsx);
      expect(fromSheets.map((row) => [row['session_date'], row['session']])).toEqual([
        ['2026-06-08', 1],
        ['2026-06-08T09:30:15', 2],
        ['2026-06-08T09:30:15', 3],
        ['2026-06-08T23:59:59', 4],
      ]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true, maxRetries: 5 });
    }
  });
});

describe('appending', () => {
  it('writes one appendCells laid out along the real header, from column A, growing no grid that has room', async () => {
    const memory = worldStore();
    memory.setGrid(SCORES_TAB.name, shuffledGrid(SCORES_TAB, [scoreRow('s1')]));
    const fake = await world(memory);
    const store = sheetsStore(fake);
    await store.read(['Scores']);
    const spent = await cost(fake, () => store.append('Scores', [scoreRow('s2', { score: 72.5 })]));
    expect(spent).toEqual({ reads: 0, writes: 1 });
    const call = fake.calls[0];
    expect(call?.path).toBe(`/v4/spreadsheets/${fake.spreadsheetId}:batchUpdate`);
    const body = call?.body as { requests: { appendCells?: { sheetId: number; fields: string } }[] };
    expect(body.requests).toHaveLength(1);
    expect(body.requests[0]?.appendCells).toMatchObject({ sheetId: fake.sheet('Scores').sheetId, fields: 'userEnteredValue' });
    const written: Record<string, Cell> = scoreRow('s2', { score: 72.5 });
    expect(fake.values('Scores')[2]).toEqual([null, ...[...SCORES_TAB.columns].reverse().map((column) => written[column.key] ?? null)]);
    expect(fake.sheet('Scores').rowCount).toBe(1000);
  });

  it('writes an accepted row from column A even when staff typed a note below a blank row (Google appends after the last table)', async () => {
    const fake = await world(worldStore({ scores: [scoreRow('s1')] }));
    // Row 3 left blank, a note typed in column B of row 4: for values.append that note is the last table.
    fake.write(SCORES_TAB.name, 3, [[null, '周五补考 retake on Friday']]);
    const body = submission('score', { ...SCORE_ANSWERS, component: 'project', score: 91 });
    expect(await submit(body, sheetsStore(fake), clock)).toMatchObject({ status: 'accepted' });

    const rows = valuesOf((await sheetsStore(fake).read([SCORES_TAB.name])).get(SCORES_TAB.name));
    expect(rows.at(-1)).toMatchObject({ submission_id: body['id'], trainee_id: 'T002', component: 'project', score: 91 });
    await runRecompute(sheetsStore(fake), clock);
    const problems = valuesOf((await sheetsStore(fake).read([PROBLEMS_TAB.name])).get(PROBLEMS_TAB.name));
    expect(problems.map((row) => row['submission_id'])).not.toContain(body['id']);
  });

  it('looks the tab up again once when it was recreated under the cached layout', async () => {
    const fake = await world(worldStore({ scores: [scoreRow('s1')] }));
    const store = sheetsStore(fake);
    await store.read(['Scores']);
    const grid = fake.values('Scores');
    fake.removeSheet('Scores');
    fake.addSheet('Scores', grid);
    expect(await store.append('Scores', [scoreRow('s2')])).toEqual({ appended: 1, skipped: [] });
    expect(fake.values('Scores').map((row) => row[0])).toEqual(['提交编号 Submission ID', 's1', 's2']);
  });

  it('keeps formula-looking text as text', async () => {
    const fake = await world();
    const store = sheetsStore(fake);
    const texts = ['=SUM(A1)', '+1', '-2', '@x', '=HYPERLINK("http://x","y")'];
    const leave = (reason: string, i: number) => ({
      submission_id: `f${i}`,
      submitted_at: '2026-06-15T09:00:00+08:00',
      course_id: 'C',
      trainee_id: 'T',
      session: 1,
      leave_date: '2026-06-15',
      reason,
    });
    await store.append(LEAVE_TAB.name, texts.map(leave));
    const reasonAt = LEAVE_TAB.columns.findIndex((column) => column.key === 'reason');
    expect(
      fake
        .values(LEAVE_TAB.name)
        .slice(1)
        .map((row) => row[reasonAt]),
    ).toEqual(texts);
    const reread = await sheetsStore(fake).read([LEAVE_TAB.name]);
    expect(valuesOf(reread.get(LEAVE_TAB.name)).map((row) => row['reason'])).toEqual(texts);
  });

  it('skips values present in the last read, appended since, or twice in the batch', async () => {
    const memory = worldStore({ scores: [scoreRow('s1')] });
    const fake = await world(memory);
    const store = sheetsStore(fake);
    await store.read(['Scores']);
    fake.resetCalls();
    expect(
      await store.append('Scores', [scoreRow('s1'), scoreRow('s2'), scoreRow('s2'), scoreRow('s3')], { uniqueBy: 'submission_id' }),
    ).toEqual({ appended: 2, skipped: ['s1', 's2'] });
    const appended = (fake.calls[0]?.body as { requests: { appendCells: { rows: { values: { userEnteredValue?: unknown }[] }[] } }[] })
      .requests[0]?.appendCells.rows;
    expect(appended?.map((row) => row.values[0]?.userEnteredValue)).toEqual([{ stringValue: 's2' }, { stringValue: 's3' }]);
    expect(await store.append('Scores', [scoreRow(' s3 ')], { uniqueBy: 'submission_id' })).toEqual({ appended: 0, skipped: ['s3'] });
    expect(fake.writes()).toBe(1);
  });

  it('still skips a value whose append is under way when a read refreshes the tab meanwhile', async () => {
    const fake = await world();
    const store = sheetsStore(fake);
    await store.read(['Scores']);
    // The first append is slow; a read by another request lands before it is answered, and does not show the row yet.
    fake.failNext(1, { kind: 'slow', ms: 150 }, (request) => request.path.endsWith(':batchUpdate'));
    const first = store.append('Scores', [scoreRow('s7')], { uniqueBy: 'submission_id' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    await store.read(['Scores']);
    expect(await store.append('Scores', [scoreRow('s7')], { uniqueBy: 'submission_id' })).toEqual({ appended: 0, skipped: ['s7'] });
    expect(await first).toEqual({ appended: 1, skipped: [] });
    expect(
      fake
        .values('Scores')
        .slice(1)
        .filter((row) => row[0] === 's7'),
    ).toHaveLength(1);
  });

  it('reads the header of a tab it never read, and the whole tab to judge uniqueness', async () => {
    const fake = await world(worldStore({ scores: [scoreRow('s1')] }));
    const store = sheetsStore(fake);
    await store.append('Scores', [scoreRow('s2')]);
    expect(fake.calls.filter((call) => call.path.endsWith('values:batchGet')).map((call) => call.query.getAll('ranges'))).toEqual([
      ["'Scores'!1:1"],
    ]);

    const other = sheetsStore(fake);
    fake.resetCalls();
    expect(await other.append('Scores', [scoreRow('s1')], { uniqueBy: 'submission_id' })).toEqual({ appended: 0, skipped: ['s1'] });
    expect(fake.calls.map((call) => call.query.getAll('ranges'))).toEqual([["'Scores'"]]);
  });

  it('forgets a row whose write failed, so the retried submission is not a duplicate', async () => {
    const fake = await world();
    const store = sheetsStore(fake);
    await store.read(['Scores']);
    fake.failNext(1, { kind: 'status', status: 403 }, (call) => call.method === 'POST');
    expect((await failure(store.append('Scores', [scoreRow('s9')], { uniqueBy: 'submission_id' }))).code).toBe('NOT_AUTHORIZED');
    expect(await store.append('Scores', [scoreRow('s9')], { uniqueBy: 'submission_id' })).toEqual({ appended: 1, skipped: [] });
  });
});

describe('replacing derived tabs', () => {
  const grade = (trainee: string, total: number) => ({
    trainee_id: trainee,
    course_id: 'C-PRO-CORP',
    total,
    status: '通过',
  });

  it('clears the old rows past the new ones and keeps the header: the tab read once, then one write', async () => {
    const memory = worldStore();
    memory.setGrid(GRADES_TAB.name, shuffledGrid(GRADES_TAB, [grade('T1', 90), grade('T2', 80), grade('T3', 70)]));
    const fake = await world(memory);
    const store = sheetsStore(fake);
    await store.read(['Scores']);
    const header = fake.values(GRADES_TAB.name)[0];
    const spent = await cost(fake, () => store.replace(new Map([[GRADES_TAB.name, [grade('T9', 65)]]])));
    // What stands is read to compare with: this instance had never read Grades.
    expect(spent).toEqual({ reads: 1, writes: 1 });
    expect(fake.values(GRADES_TAB.name)).toEqual([
      header,
      [null, ...[...GRADES_TAB.columns].reverse().map((column) => grade('T9', 65)[column.key as keyof ReturnType<typeof grade>] ?? null)],
    ]);
    expect(valuesOf((await sheetsStore(fake).read([GRADES_TAB.name])).get(GRADES_TAB.name))).toEqual(
      valuesOf((await worldStoreWith(GRADES_TAB, [grade('T9', 65)])).get(GRADES_TAB.name)),
    );
  });

  it('grows a grid too short for the new rows in the same write', async () => {
    const fake = await world();
    fake.removeSheet(GRADES_TAB.name);
    fake.addSheet(GRADES_TAB.name, gridOf(GRADES_TAB, []), { rowCount: 5, columnCount: GRADES_TAB.columns.length });
    const store = sheetsStore(fake);
    await store.read(['Scores']);
    const rows = Array.from({ length: 10 }, (_, i) => grade(`T${i}`, 60 + i));
    expect(await cost(fake, () => store.replace(new Map([[GRADES_TAB.name, rows]])))).toEqual({ reads: 1, writes: 1 });
    // Header, 10 rows and 10 spare ones, so the next runs' growth needs no appendDimension each.
    expect(fake.sheet(GRADES_TAB.name).rowCount).toBe(21);
    expect(fake.values(GRADES_TAB.name)).toHaveLength(11);
  });

  it('writes text as text', async () => {
    const fake = await world();
    const store = sheetsStore(fake);
    await store.replace(new Map([[GRADES_TAB.name, [{ ...grade('=1+1', 60), course_id: '+1' }]]]));
    expect(fake.values(GRADES_TAB.name)[1]?.slice(0, 5)).toEqual(['=1+1', null, null, null, '+1']);
  });

  it('refuses a source tab without a call', async () => {
    const fake = await world();
    const error = await failure(sheetsStore(fake).replace(new Map([[SCORES_TAB.name, []]])));
    expect(error.code).toBe('SOURCE_TAB');
    expect(fake.calls).toHaveLength(0);
  });

  it('writes nothing when one tab has a broken header', async () => {
    const memory = worldStore();
    memory.setGrid('Retakes', [['学员编号 Trainee ID']]);
    const fake = await world(memory);
    const store = sheetsStore(fake);
    await store.read(['Scores']);
    const error = await failure(
      store.replace(
        new Map([
          [GRADES_TAB.name, [grade('T1', 90)]],
          ['Retakes', []],
        ]),
      ),
    );
    expect(error).toBeInstanceOf(HeaderError);
    expect(fake.writes()).toBe(0);
  });

  it('fetches the layout again and retries once when rows were deleted under it', async () => {
    const fake = await world();
    const store = sheetsStore(fake);
    await store.replace(new Map([[GRADES_TAB.name, [grade('T1', 90)]]]));
    const grades = fake.sheet(GRADES_TAB.name);
    grades.rowCount = 2;
    const spent = await cost(fake, () => store.replace(new Map([[GRADES_TAB.name, [grade('T1', 90), grade('T2', 80), grade('T3', 70)]]])));
    // The refused write, the layout and the tab as it stands now, the write again.
    expect(spent).toEqual({ reads: 2, writes: 2 });
    expect(fake.values(GRADES_TAB.name)).toHaveLength(4);
  });
});

/** What a memory store reads back after replacing `tab` with `rows`: the reference for the Google store. */
async function worldStoreWith(tab: TabDef, rows: readonly Record<string, Cell>[]): Promise<ReadonlyMap<string, Table>> {
  const memory = worldStore();
  await memory.replace(new Map([[tab.name, rows]]));
  return memory.read([tab.name]);
}

describe('faults', () => {
  async function warm(): Promise<{ fake: SheetsFake; store: GoogleSheetsStore }> {
    const fake = await world();
    const store = sheetsStore(fake);
    await store.read(['Scores']);
    fake.resetCalls();
    return { fake, store };
  }

  it.each([
    ['a 429', { kind: 'status', status: 429 }],
    ['a 500', { kind: 'status', status: 500 }],
    ['a 503', { kind: 'status', status: 503 }],
    ['a reset connection', { kind: 'reset' }],
  ] as const)('reads after %s', async (_name, fault) => {
    const { fake, store } = await warm();
    fake.failNext(1, fault);
    expect(valuesOf((await store.read(['Plan'])).get('Plan'))).toHaveLength(4);
    expect(fake.reads()).toBe(2);
  });

  it.each([
    ['a 429', 429],
    ['a 500', 500],
  ])('appends once after %s', async (_name, status) => {
    const { fake, store } = await warm();
    fake.failNext(1, { kind: 'status', status });
    await store.append('Scores', [scoreRow('s5')], { uniqueBy: 'submission_id' });
    expect(fake.writes()).toBe(2);
    expect(
      fake
        .values('Scores')
        .slice(1)
        .map((row) => row[0]),
    ).toEqual(['s5']);
  });

  it('gives up on a call that never answers, then reads when the next one does', async () => {
    const fake = await world();
    const store = sheetsStore(fake, { retry: { tries: 2, firstDelayMs: 1, maxDelayMs: 1, timeoutMs: 150 } });
    await store.read(['Scores']);
    fake.failNext(1, { kind: 'hang' });
    expect(valuesOf((await store.read(['Plan'])).get('Plan'))).toHaveLength(4);
    fake.failNext(2, { kind: 'hang' });
    expect(await failure(store.read(['Plan']))).toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/could not be reached after 2 tries/) as unknown,
    });
  });

  it.each([
    ['rate limit', 429, 'RATE_LIMITED', /kept refusing for lack of quota.*60 reads and 60 writes a minute: try again in a minute/],
    ['server errors', 503, 'UNAVAILABLE', /failed after 5 tries \(503/],
  ])('stops after five tries of %s', async (_name, status, code, message) => {
    const { fake, store } = await warm();
    fake.failNext(5, { kind: 'status', status });
    const error = await failure(store.read(['Plan']));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(fake.reads()).toBe(5);
  });

  it('says whom to share the spreadsheet with on 403, without retrying', async () => {
    const { fake, store } = await warm();
    fake.failNext(1, { kind: 'status', status: 403 });
    const error = await failure(store.read(['Plan']));
    expect(error.code).toBe('NOT_AUTHORIZED');
    expect(error.message).toMatch(`share the spreadsheet ${fake.spreadsheetId} with the function's service account as an editor`);
    expect(fake.reads()).toBe(1);

    const named = sheetsStore(fake, { principal: () => Promise.resolve('training-fn@project.iam.gserviceaccount.com') });
    fake.failNext(1, { kind: 'status', status: 403 });
    expect((await failure(named.read(['Plan']))).message).toMatch('with training-fn@project.iam.gserviceaccount.com as an editor');
  });

  it.each([
    [
      'the API is off in the project',
      serviceDisabledError('sheets.googleapis.com', 'bank-training'),
      /gcloud services enable sheets\.googleapis\.com --project=bank-training/,
    ],
    [
      'the token lacks the scope',
      scopeInsufficientError('sheets.googleapis.com', 'GetSpreadsheet'),
      /not granted the scopes this needs \(https:\/\/www\.googleapis\.com\/auth\/spreadsheets\)/,
    ],
  ])('tells a 403 where %s from its reason, with what to do', async (_name, answer, words) => {
    const { fake, store } = await warm();
    fake.failNext(1, { kind: 'status', status: 403, body: answer.body });
    const error = await failure(store.read(['Plan']));
    expect(error.code).toBe('NOT_AUTHORIZED');
    expect(error.message).toMatch(words);
    expect(error.message).not.toMatch(/share the spreadsheet/);
  });

  it('says to check SPREADSHEET_ID on 404', async () => {
    const fake = await world();
    const error = await failure(sheetsStore(fake, { spreadsheetId: 'no-such-spreadsheet' }).read(['Plan']));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toMatch(/Spreadsheet no-such-spreadsheet was not found: check SPREADSHEET_ID/);
  });

  it('names a missing tab and the command that adds it', async () => {
    const fake = await world();
    fake.removeSheet('Scores');
    const error = await failure(sheetsStore(fake).read(['Plan', 'Scores']));
    expect(error.code).toBe('TAB_MISSING');
    expect(error.message).toBe(
      `Spreadsheet ${fake.spreadsheetId} has no tab "Scores"; run \`npm run cli -- provision --google\` to add the missing tabs`,
    );
  });

  it('reads on when a tab it did not ask for was deleted since the layout was fetched', async () => {
    const { fake, store } = await warm();
    fake.removeSheet('Forms');
    expect(valuesOf((await store.read(['Plan'])).get('Plan'))).toHaveLength(4);
    expect(fake.reads()).toBe(3);
  });

  it('reports Google refusing to grow past its cell limit as CAPACITY', async () => {
    // A Scores grid with no empty row left: the append has to grow it, and Google refuses.
    const probe = await world();
    const rows = probe.values('Scores').length;
    probe.sheet('Scores').rowCount = rows;
    const full = probe.cellCount();
    const fake = await world(worldStore(), { maxCells: full });
    fake.sheet('Scores').rowCount = rows;
    const error = await failure(sheetsStore(fake).append('Scores', [scoreRow('s1')]));
    expect(error.code).toBe('CAPACITY');
    expect(error.message).toMatch(/above the limit of \d+ cells.*Archive last year's rows/);
  });
});

describe("Google's per-minute quota (429)", () => {
  /** A store and a fake on one fake clock: waiting between tries moves it, and with it the quota's minute. */
  async function onClock(options: Parameters<typeof fakeWorld>[1] = {}) {
    const time = { now: 1_700_000_000_000 };
    const waits: number[] = [];
    const fake = await world(worldStore(), { now: () => time.now, ...options });
    const store = sheetsStore(fake, {
      retry: {
        ...DEFAULT_RETRY_POLICY,
        random: () => 0.999,
        now: () => time.now,
        wait: (ms) => {
          waits.push(ms);
          time.now += ms;
          return Promise.resolve();
        },
      },
    });
    const spendReads = async (n: number) => {
      for (let i = 0; i < n; i += 1) await fetch(`${fake.url}/v4/spreadsheets/${fake.spreadsheetId}/values/Plan`);
    };
    return { fake, store, waits, spendReads };
  }
  const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

  it('keeps trying with growing waits until the quota refills a minute later, and then reads', async () => {
    const { fake, store, waits, spendReads } = await onClock();
    await spendReads(60);
    fake.resetCalls();
    expect(valuesOf((await store.read(['Plan'])).get('Plan'))).toHaveLength(4);
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
    expect(sum(waits)).toBeGreaterThanOrEqual(60_000);
    expect(sum(waits)).toBeLessThan(64_000);
    expect(fake.reads()).toBe(waits.length + 2);
  });

  it('waits what a Retry-After asks', async () => {
    const { store, waits, spendReads } = await onClock({ retryAfterSeconds: 20 });
    await spendReads(60);
    await store.read(['Plan']);
    expect(waits).toEqual([20_000, 20_000, 20_000]);
  });

  it('gives up after about a minute as RATE_LIMITED, telling callers to come back in a minute', async () => {
    const { fake, store, waits } = await onClock({
      quota: { readsPerMinutePerUser: 0, writesPerMinutePerUser: 60, readsPerMinute: 300, writesPerMinute: 300 },
    });
    const error = (await failure(store.read(['Plan']))) as StoreError;
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 60 });
    expect(sum(waits)).toBeLessThanOrEqual(60_000);
    expect(sum(waits)).toBeGreaterThan(55_000);
    expect(fake.reads()).toBeLessThanOrEqual(13);
  });
});

describe('the cell-limit guard', () => {
  it('refuses an append past SHEETS_MAX_CELLS before writing', async () => {
    const fake = await world();
    const store = sheetsStore(fake, { maxCells: fake.cellCount() + 10 });
    await store.read(['Scores']);
    fake.resetCalls();
    const error = await failure(store.append('Scores', [scoreRow('s1')]));
    expect(error.code).toBe('CAPACITY');
    expect(error.message).toMatch(
      new RegExp(
        `would grow to ${(fake.cellCount() + 26).toLocaleString('en-US')} cells, over the limit of ${(fake.cellCount() + 10).toLocaleString('en-US')}.*Archive last year's rows to another spreadsheet`,
      ),
    );
    // Refused on fresh sheet sizes (staff may have made room since the instance looked): one read, no write.
    expect(fake.calls.map((call) => call.method)).toEqual(['GET']);
  });

  it('refuses a replace that grows the grid past it, and lets one that does not grow through', async () => {
    const fake = await world();
    const store = sheetsStore(fake, { maxCells: fake.cellCount() });
    await store.read(['Scores']);
    fake.resetCalls();
    const many = Array.from({ length: 1500 }, (_, i) => ({ trainee_id: `T${i}`, course_id: 'C' }));
    expect((await failure(store.replace(new Map([[GRADES_TAB.name, many]])))).code).toBe('CAPACITY');
    expect(fake.writes()).toBe(0);
    await store.replace(new Map([[GRADES_TAB.name, many.slice(0, 10)]]));
    expect(fake.writes()).toBe(1);
  });

  it('counts the cells of tabs staff added', async () => {
    const fake = await world();
    fake.addSheet('我的笔记', [], { rowCount: 2000, columnCount: 26 });
    const store = sheetsStore(fake, { maxCells: fake.cellCount() - 1 });
    expect((await failure(store.append('Scores', [scoreRow('s1')]))).code).toBe('CAPACITY');
  });
});

describe('the call budget', () => {
  const EXPECTED = {
    coldSubmission: { reads: 2, writes: 1 },
    warmSubmission: { reads: 1, writes: 1 },
    rejectedSubmission: { reads: 1, writes: 1 },
    duplicateSubmission: { reads: 1, writes: 0 },
    // The first recompute of an instance reads the derived tabs as they stand, once, to write only what differs.
    firstRecompute: { reads: 2, writes: 1 },
    warmRecompute: { reads: 1, writes: 1 },
    unchangedRecompute: { reads: 1, writes: 0 },
    // A new instance: layout, source tabs, derived tabs; on the fixed clock its results are what stands, so no write.
    coldRecompute: { reads: 3, writes: 0 },
  };

  it.each([10, 2000])('with %i more trainees on the roster: at most 1 read and 1 write per job once warm', async (trainees) => {
    const fake = await world(worldWithRoster(trainees));
    const store = sheetsStore(fake);
    const accepted = submission('score', SCORE_ANSWERS);
    const spent = {
      coldSubmission: await cost(fake, () => submit(accepted, store, clock)),
      warmSubmission: await cost(fake, () =>
        submit(
          submission('attendance', { trainee_id: 'T002', course_id: 'C-PRO-CORP', session: 2, session_date: '2026/6/8', status: '迟到' }),
          store,
          clock,
        ),
      ),
      rejectedSubmission: await cost(fake, () => submit(submission('score', { ...SCORE_ANSWERS, score: 101 }), store, clock)),
      duplicateSubmission: await cost(fake, () => submit(accepted, store, clock)),
      firstRecompute: await cost(fake, () => runRecompute(store, clock)),
      warmRecompute: await cost(fake, async () => {
        await submit(submission('score', { ...SCORE_ANSWERS, component: 'project', score: 70 }), sheetsStore(fake), clock);
        fake.resetCalls();
        await runRecompute(store, clock);
      }),
      unchangedRecompute: await cost(fake, () => runRecompute(store, clock)),
      coldRecompute: await cost(fake, () => runRecompute(sheetsStore(fake), clock)),
    };
    expect(spent).toEqual(EXPECTED);
    expect(valuesOf((await sheetsStore(fake).read([GRADES_TAB.name])).get(GRADES_TAB.name)).length).toBeGreaterThan(trainees);
    // Every call asks for compact answers: Google indents JSON otherwise (about 1.7 times the bytes).
    expect(fake.calls.length).toBeGreaterThan(0);
    expect(fake.calls.filter((call) => call.query.get('prettyPrint') !== 'false')).toEqual([]);
  });
});

describe('end to end', () => {
  it('submissions and a recompute leave the same tabs as on the memory store', async () => {
    const memory = worldStore();
    const fake = await world();
    const store = sheetsStore(fake);
    const bodies = [
      submission('score', SCORE_ANSWERS),
      submission('score', { ...SCORE_ANSWERS, component: 'project', score: 59.95 }),
      submission('attendance', { trainee_id: 'T002', course_id: 'C-PRO-CORP', session: 2, session_date: '2026/6/8', status: '迟到' }),
      submission('leave', {
        trainee_id: 'T002',
        course_id: 'C-PRO-CORP',
        session: 3,
        leave_date: '2026-06-10',
        reason: '=客户拜访',
        approval: '已批准',
      }),
      submission('score', { ...SCORE_ANSWERS, score: 101 }),
    ];
    for (const body of [...bodies, bodies[0] as Record<string, unknown>])
      expect(await submit(body, store, clock)).toEqual(await submit(body, memory, clock));
    expect(await runRecompute(store, clock)).toEqual(await runRecompute(memory, clock));

    const names = ['Scores', 'Attendance', 'Leave', 'Grades', 'Retakes', 'Summary', 'Archive', 'Rejected'];
    const [fromSheets, fromMemory] = await Promise.all([sheetsStore(fake).read(names), memory.read(names)]);
    for (const name of names) expect(asStored(fromSheets.get(name)), name).toEqual(asStored(fromMemory.get(name)));
    expect(valuesOf(fromSheets.get('Grades')).length).toBeGreaterThan(0);
  });
});
