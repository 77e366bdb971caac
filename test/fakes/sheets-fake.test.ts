// The Sheets fake through the real @googleapis/sheets client: it answers like Google where the adapters depend on it, and refuses what Google refuses.
import { sheets, type sheets_v4 } from '@googleapis/sheets';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FORMULA_PLACEHOLDER, GOOGLE_SHEETS_QUOTA, SheetsFake } from './sheets-fake.js';
import { parseRange } from './sheets/a1.js';

let fake: SheetsFake;
let api: sheets_v4.Sheets;
const spreadsheetId = 'fake-1';

beforeEach(async () => {
  fake = await new SheetsFake({ spreadsheetId, maxCells: 60_000 }).start();
  fake.addSheet('Scores', [
    ['id', 'score'],
    ['s1', 88],
  ]);
  fake.addSheet('成绩 汇总', [['id']], { rowCount: 10, columnCount: 5 });
  api = sheets({ version: 'v4', rootUrl: fake.url, retry: false });
});

afterEach(async () => {
  await fake.close();
});

/** The Google error message of a refused call. */
async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    const data = (error as { response?: { status: number; data?: { error?: { message?: string } } } }).response;
    return `${data?.status}: ${data?.data?.error?.message}`;
  }
  throw new Error('the call was not refused');
}

describe('values', () => {
  it('keeps RAW text as text and parses USER_ENTERED text as Sheets does', async () => {
    await api.spreadsheets.values.append({
      spreadsheetId,
      range: 'Scores!A1:B',
      valueInputOption: 'RAW',
      requestBody: { values: [['=SUM(A1)', '+1']] },
    });
    await api.spreadsheets.values.append({
      spreadsheetId,
      range: 'Scores!A1:B',
      valueInputOption: 'USER_ENTERED',
      requestBody: { values: [['=SUM(A1)', '12']] },
    });
    expect(fake.values('Scores').slice(2)).toEqual([
      ['=SUM(A1)', '+1'],
      [{ formula: '=SUM(A1)' }, 12],
    ]);
    const read = await api.spreadsheets.values.get({ spreadsheetId, range: 'Scores!A4', valueRenderOption: 'UNFORMATTED_VALUE' });
    expect(read.data.values).toEqual([[FORMULA_PLACEHOLDER]]);
  });

  it('reads whole tabs naming their grid, trailing blanks left out, blanks inside as ""', async () => {
    fake.write('Scores', 3, [['s3', null, 'note']]);
    const read = await api.spreadsheets.values.batchGet({
      spreadsheetId,
      ranges: ["'Scores'", "'成绩 汇总'!1:1"],
      valueRenderOption: 'UNFORMATTED_VALUE',
    });
    expect(read.data.valueRanges).toEqual([
      { range: 'Scores!A1:Z1000', majorDimension: 'ROWS', values: [['id', 'score'], ['s1', 88], [], ['s3', '', 'note']] },
      { range: "'成绩 汇总'!A1:E1", majorDimension: 'ROWS', values: [['id']] },
    ]);
  });

  it('refuses an unknown tab as Google does', async () => {
    expect(await refusal(api.spreadsheets.values.batchGet({ spreadsheetId, ranges: ["'Scores'", "'Nope'!1:1"] }))).toBe(
      "400: Unable to parse range: 'Nope'!1:1",
    );
  });

  it('inserts rows for an INSERT_ROWS append and reports where', async () => {
    const response = await api.spreadsheets.values.append({
      spreadsheetId,
      range: "'Scores'!A1:B",
      valueInputOption: 'RAW',
      insertDataOption: 'INSERT_ROWS',
      requestBody: { values: [['s2', 70]] },
    });
    expect(response.data.updates).toMatchObject({ updatedRange: 'Scores!A3:B3', updatedRows: 1 });
    expect(fake.sheet('Scores').rowCount).toBe(1001);
  });

  it('refuses a value write past the grid and writes nothing of the batch', async () => {
    const message = await refusal(
      api.spreadsheets.values.batchUpdate({
        spreadsheetId,
        requestBody: {
          valueInputOption: 'RAW',
          data: [
            { range: 'Scores!C1', values: [['x']] },
            { range: "'成绩 汇总'!A10", values: [['a'], ['b']] },
          ],
        },
      }),
    );
    expect(message).toBe("400: Range ('成绩 汇总'!A10) exceeds grid limits. Max rows: 10, max columns: 5");
    expect(fake.values('Scores')[0]).toEqual(['id', 'score']);
  });

  it('answers 404 for another spreadsheet', async () => {
    expect(await refusal(api.spreadsheets.values.get({ spreadsheetId: 'other', range: 'Scores' }))).toBe(
      '404: Requested entity was not found.',
    );
  });
});

describe('spreadsheets', () => {
  it('lists every sheet, or those the ranges touch', async () => {
    const all = await api.spreadsheets.get({ spreadsheetId });
    expect(all.data.sheets?.map((sheet) => sheet.properties)).toEqual([
      { sheetId: 0, title: 'Scores', index: 0, sheetType: 'GRID', gridProperties: { rowCount: 1000, columnCount: 26 } },
      { sheetId: 1_007_919, title: '成绩 汇总', index: 1, sheetType: 'GRID', gridProperties: { rowCount: 10, columnCount: 5 } },
    ]);
    const some = await api.spreadsheets.get({ spreadsheetId, ranges: ["'成绩 汇总'!A1:A2"], includeGridData: true });
    expect(some.data.sheets).toHaveLength(1);
    expect(some.data.sheets?.[0]?.data?.[0]?.rowData).toEqual([
      { values: [{ userEnteredValue: { stringValue: 'id' }, effectiveValue: { stringValue: 'id' }, formattedValue: 'id' }] },
    ]);
  });

  it('applies a batchUpdate whole or not at all', async () => {
    const message = await refusal(
      api.spreadsheets.batchUpdate({
        spreadsheetId,
        requestBody: {
          requests: [
            { appendDimension: { sheetId: 0, dimension: 'ROWS', length: 5 } },
            { updateCells: { start: { sheetId: 99 }, rows: [], fields: 'userEnteredValue' } },
          ],
        },
      }),
    );
    expect(message).toBe('400: Invalid requests[1].updateCells: No grid with id: 99');
    expect(fake.sheet('Scores').rowCount).toBe(1000);
  });

  it('clears what an updateCells range covers beyond its rows, typed values as given', async () => {
    fake.write('Scores', 2, [
      ['s2', 70],
      ['s3', 65],
    ]);
    await api.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: {
        requests: [
          {
            updateCells: {
              range: { sheetId: 0, startRowIndex: 1 },
              rows: [{ values: [{ userEnteredValue: { stringValue: '=1+1' } }, {}] }],
              fields: 'userEnteredValue',
            },
          },
        ],
      },
    });
    expect(fake.values('Scores')).toEqual([['id', 'score'], ['=1+1']]);
  });

  it("refuses growth past the cell limit, in Google's words", async () => {
    const message = await refusal(
      api.spreadsheets.batchUpdate({
        spreadsheetId,
        requestBody: { requests: [{ appendDimension: { sheetId: 0, dimension: 'ROWS', length: 2000 } }] },
      }),
    );
    expect(message).toBe(
      '400: Invalid requests[0].appendDimension: This action would increase the number of cells in the workbook above the limit of 60000 cells.',
    );
  });

  it('serves request kinds a test adds, and refuses the others by name', async () => {
    fake.handle('sortRange', (request) => ({ seen: request['range'] }));
    const response = await api.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: { requests: [{ sortRange: { range: { sheetId: 0 } } }] },
    });
    expect(response.data.replies).toEqual([{ seen: { sheetId: 0 } }]);
    expect(await refusal(api.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: [{ mergeCells: {} }] } }))).toMatch(
      /does not serve "mergeCells"/,
    );
  });

  it('adds a sheet under a new id and answers with the spreadsheet when asked', async () => {
    const response = await api.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: { requests: [{ addSheet: { properties: { title: 'Forms' } } }], includeSpreadsheetInResponse: true },
    });
    expect(response.data.replies?.[0]?.addSheet?.properties).toMatchObject({
      title: 'Forms',
      index: 2,
      gridProperties: { rowCount: 1000, columnCount: 26 },
    });
    expect(response.data.updatedSpreadsheet?.sheets?.map((sheet) => sheet.properties?.title)).toEqual(['Scores', '成绩 汇总', 'Forms']);
  });
});

describe('recorded calls and faults', () => {
  it('records method, path, query and body, and counts reads and writes', async () => {
    await api.spreadsheets.values.batchGet({ spreadsheetId, ranges: ['Scores'] });
    await api.spreadsheets.values.append({ spreadsheetId, range: 'Scores!A1', valueInputOption: 'RAW', requestBody: { values: [['s9']] } });
    expect(fake.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      `GET /v4/spreadsheets/${spreadsheetId}/values:batchGet`,
      `POST /v4/spreadsheets/${spreadsheetId}/values/Scores!A1:append`,
    ]);
    expect(fake.calls[1]?.query.get('valueInputOption')).toBe('RAW');
    expect(fake.calls[1]?.body).toEqual({ values: [['s9']] });
    expect([fake.reads(), fake.writes()]).toEqual([1, 1]);
  });

  it('answers the next calls with an injected status', async () => {
    fake.failNext(1, { kind: 'status', status: 429 });
    expect(await refusal(api.spreadsheets.get({ spreadsheetId }))).toBe('429: injected 429');
    expect((await api.spreadsheets.get({ spreadsheetId })).status).toBe(200);
  });

  it('can apply a write and still answer it with an error, as a server that failed after storing it', async () => {
    fake.failNext(1, { kind: 'applied', status: 500 });
    const append = api.spreadsheets.values.append({
      spreadsheetId,
      range: 'Scores!A1',
      valueInputOption: 'RAW',
      requestBody: { values: [['s9', 70]] },
    });
    expect(await refusal(append)).toBe('500: injected 500 after serving the call');
    expect(fake.values('Scores')).toEqual([
      ['id', 'score'],
      ['s1', 88],
      ['s9', 70],
    ]);
  });
});

describe('its own A1 parser', () => {
  it.each([
    ['a bare tab', 'Scores', { title: 'Scores', r0: 0, c0: 0, r1: undefined, c1: undefined }],
    ['a quoted tab with a quote', "'Bob''s tab'", { title: "Bob's tab", r0: 0, c0: 0, r1: undefined, c1: undefined }],
    ['a header row', "'成绩 汇总'!1:1", { title: '成绩 汇总', r0: 0, c0: 0, r1: 1, c1: undefined }],
    ['whole columns', 'Scores!A:H', { title: 'Scores', r0: 0, c0: 0, r1: undefined, c1: 8 }],
    ['open below', "'Scores'!A1:H", { title: 'Scores', r0: 0, c0: 0, r1: undefined, c1: 8 }],
    ['a block', 'Scores!B2:AA10', { title: 'Scores', r0: 1, c0: 1, r1: 10, c1: 27 }],
    ['a cell, lower case', 'Scores!c3', { title: 'Scores', r0: 2, c0: 2, r1: 3, c1: 3 }],
    ['ends given backwards', 'Scores!C3:A1', { title: 'Scores', r0: 0, c0: 0, r1: 3, c1: 3 }],
  ])('reads %s', (_name, text, expected) => {
    expect(parseRange(text)).toEqual(expected);
  });

  it.each([["'Scores"], ['Scores!'], ['Scores!A0'], ['Scores!1'], ['Scores!A1:B2:C3'], ["Sco'res!A1"], ['Scores!A1:5']])(
    'refuses %s',
    (text) => {
      expect(parseRange(text)).toBeUndefined();
    },
  );

  it('answers ranges it cannot parse as Google does', async () => {
    expect(await refusal(api.spreadsheets.values.get({ spreadsheetId, range: 'Scores!A0:B2' }))).toBe(
      '400: Unable to parse range: Scores!A0:B2',
    );
  });
});

describe("values.append, with Google's table detection", () => {
  it('appends after the LAST table in the range, from that table’s first column: a note below a blank row shifts it', async () => {
    // A blank row, then a note typed in column B: that note is the last table in A:B.
    fake.write('Scores', 3, [[null, 'note: s1 retakes on Friday']]);
    const response = await api.spreadsheets.values.append({
      spreadsheetId,
      range: "'Scores'!A1:B",
      valueInputOption: 'RAW',
      insertDataOption: 'INSERT_ROWS',
      requestBody: { values: [['s2', 70]] },
    });
    expect(response.data.tableRange).toBe('Scores!B4:B4');
    expect(fake.values('Scores').slice(3)).toEqual([
      [null, 'note: s1 retakes on Friday'],
      [null, 's2', 70],
    ]);
  });

  it('appends right below a table without gaps, from column A', async () => {
    const response = await api.spreadsheets.values.append({
      spreadsheetId,
      range: 'Scores!A:B',
      valueInputOption: 'RAW',
      requestBody: { values: [['s2', 70]] },
    });
    expect(response.data.tableRange).toBe('Scores!A1:B2');
    expect(fake.values('Scores')).toEqual([
      ['id', 'score'],
      ['s1', 88],
      ['s2', 70],
    ]);
  });
});

describe('appendCells', () => {
  it('goes after the last row with a value in any column, from column A; dropdowns and formats are not data', async () => {
    fake.write('Scores', 3, [[null, 'note']]);
    fake.sheet('Scores').set(999, 0, { dataValidation: { condition: { type: 'ONE_OF_LIST', values: [{ userEnteredValue: 'x' }] } } });
    await api.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: {
        requests: [
          { appendCells: { sheetId: 0, rows: [{ values: [{ userEnteredValue: { stringValue: 's2' } }] }], fields: 'userEnteredValue' } },
        ],
      },
    });
    expect(fake.values('Scores').slice(3)).toEqual([[null, 'note'], ['s2']]);
    expect(fake.sheet('Scores').rowCount).toBe(1000);
  });

  it('adds rows when the grid is full', async () => {
    const full = fake.addSheet('Full', [['id'], ['a']], { rowCount: 2, columnCount: 1 });
    await api.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: {
        requests: [
          {
            appendCells: {
              sheetId: full.sheetId,
              rows: [{ values: [{ userEnteredValue: { stringValue: 'b' } }] }, { values: [{ userEnteredValue: { stringValue: 'c' } }] }],
              fields: 'userEnteredValue',
            },
          },
        ],
      },
    });
    expect(fake.values('Full')).toEqual([['id'], ['a'], ['b'], ['c']]);
    expect(fake.sheet('Full').rowCount).toBe(4);
  });
});

describe('spreadsheets.create and field masks', () => {
  it('creates a spreadsheet with the tabs asked for and answers with what the mask names', async () => {
    const created = await api.spreadsheets.create({
      requestBody: { properties: { title: 'New' }, sheets: [{ properties: { sheetId: 5, title: 'Plan' } }] },
      fields: 'spreadsheetId,sheets.properties(sheetId,title)',
    });
    expect(created.data).toEqual({ spreadsheetId: 'fake-spreadsheet-1', sheets: [{ properties: { sheetId: 5, title: 'Plan' } }] });
    const read = await api.spreadsheets.get({ spreadsheetId: 'fake-spreadsheet-1', fields: 'properties.title' });
    expect(read.data).toEqual({ properties: { title: 'New' } });
  });
});

describe("Google's per-minute quota, per user", () => {
  let clock = 0;
  let quotaFake: SheetsFake;
  beforeEach(async () => {
    clock = 1_000_000;
    quotaFake = await new SheetsFake({ spreadsheetId, now: () => clock, retryAfterSeconds: 30 }).start();
    quotaFake.addSheet('Scores', [['id']]);
  });
  afterEach(() => quotaFake.close());

  const as = (token: string | undefined) =>
    fetch(
      `${quotaFake.url}/v4/spreadsheets/${spreadsheetId}/values/Scores`,
      token ? { headers: { authorization: `Bearer ${token}` } } : {},
    );

  it('refuses the 61st read of a minute with 429 RESOURCE_EXHAUSTED, serves another user, and refills after a minute', async () => {
    for (let i = 0; i < GOOGLE_SHEETS_QUOTA.readsPerMinutePerUser; i += 1) expect((await as('sa')).status).toBe(200);
    const refused = await as('sa');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    const body = (await refused.json()) as { error: { status: string; details: { reason: string }[] } };
    expect(body.error.status).toBe('RESOURCE_EXHAUSTED');
    expect(body.error.details[0]?.reason).toBe('RATE_LIMIT_EXCEEDED');
    expect((await as('someone-else')).status).toBe(200);
    clock += 60_000;
    expect((await as('sa')).status).toBe(200);
  });

  it('counts writes apart from reads', async () => {
    for (let i = 0; i < GOOGLE_SHEETS_QUOTA.readsPerMinutePerUser; i += 1) await as(undefined);
    expect((await as(undefined)).status).toBe(429);
    const write = await fetch(`${quotaFake.url}/v4/spreadsheets/${spreadsheetId}/values:batchClear`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ranges: ['Scores!A2'] }),
    });
    expect(write.status).toBe(200);
  });
});

describe('answers as Google sends them', () => {
  it('indents JSON unless the call asks prettyPrint=false, and counts the bytes each way', async () => {
    fake.resetCalls();
    await api.spreadsheets.values.batchGet({ spreadsheetId, ranges: ['Scores'] });
    const compact = sheets({ version: 'v4', rootUrl: fake.url, retry: false, params: { prettyPrint: false } });
    const answer = await compact.spreadsheets.values.batchGet({ spreadsheetId, ranges: ['Scores'] });
    const [indented, plain] = fake.http.traffic;
    expect(fake.calls.map((call) => call.query.get('prettyPrint'))).toEqual([null, 'false']);
    expect(plain?.responseBytes).toBe(JSON.stringify(answer.data).length);
    expect(indented?.responseBytes).toBeGreaterThan(1.5 * (plain?.responseBytes ?? 0));
    expect(fake.bytes()).toEqual({ received: 0, sent: (indented?.responseBytes ?? 0) + (plain?.responseBytes ?? 0) });
  });
});
