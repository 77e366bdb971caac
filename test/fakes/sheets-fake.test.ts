// The Sheets fake through the real @googleapis/sheets client: it answers like Google where the adapters depend on it.
import { sheets, type sheets_v4 } from '@googleapis/sheets';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FORMULA_PLACEHOLDER, SheetsFake } from './sheets-fake.js';

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
    fake.sheet('Scores').rows.push([], ['s3', null, 'note']);
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
      { values: [{ userEnteredValue: { stringValue: 'id' }, effectiveValue: { stringValue: 'id' } }] },
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
    fake.sheet('Scores').rows.push(['s2', 70], ['s3', 65]);
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
    fake.handle('setDataValidation', (request) => ({ seen: request['range'] }));
    const response = await api.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: { requests: [{ setDataValidation: { range: { sheetId: 0 } } }] },
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
