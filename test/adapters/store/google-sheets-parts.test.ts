// The pure parts of the Google Sheets store, table-driven: ranges, cell codecs, request bodies, layout, errors, retry, clients, config.
import { generateKeyPairSync } from 'node:crypto';
import { GoogleAuth } from 'google-auth-library';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ATTENDANCE_TAB, SCORES_TAB, headerText } from '../../../sheets-templates/index.js';
import {
  applicationDefaultOptions,
  clientOptions,
  googleClientOptions,
  serviceAccountEmail,
} from '../../../functions/src/adapters/google/clients.js';
import {
  googleRequestOptions,
  IDEMPOTENT_METHODS,
  jitteredDelay,
  REFUSALS_ONLY,
  retryAfterMs,
  shouldTryAgain,
  TRANSIENT_FAILURES,
  waitBeforeRetry,
} from '../../../functions/src/adapters/google/retry.js';
import { apiFailure, isStaleGrid, missingTabOf, storeErrorFor } from '../../../functions/src/adapters/store/sheets-errors.js';
import {
  checkCapacity,
  gridExtent,
  layoutFromSheets,
  resized,
  type SheetLayout,
} from '../../../functions/src/adapters/store/sheets-grid.js';
import {
  appendRequest,
  headerRowRange,
  replaceRequests,
  rowCountAfterReplace,
  wholeTabRange,
} from '../../../functions/src/adapters/store/sheets-requests.js';
import { cellToCellData, cellToRaw, gridFromValues, sheetValueToCell } from '../../../functions/src/adapters/store/sheets-values.js';
import { ConfigError, loadConfig } from '../../../functions/src/config.js';
import { parseA1Range } from '../../../functions/src/core/a1.js';
import { serialToWallClock, wallClockText } from '../../../functions/src/core/cells.js';
import { HeaderError } from '../../../functions/src/core/table.js';
import { StoreError } from '../../../functions/src/ports.js';

describe('parseA1Range', () => {
  it.each([
    ['a bare tab', "'Scores'", { tab: 'Scores' }],
    ['an unquoted tab', 'Scores', { tab: 'Scores' }],
    ['a quote inside the name', "'O''Neil''s'!A1:B2", { tab: "O'Neil's", fromColumn: 1, fromRow: 1, toColumn: 2, toRow: 2 }],
    ['a whole grid as the API names it', 'Scores!A1:H1000', { tab: 'Scores', fromColumn: 1, fromRow: 1, toColumn: 8, toRow: 1000 }],
    ['a Chinese name', "'成绩 汇总'!A1:Z1000", { tab: '成绩 汇总', fromColumn: 1, fromRow: 1, toColumn: 26, toRow: 1000 }],
    ['a header row', "'Grades'!1:1", { tab: 'Grades', fromRow: 1, toRow: 1 }],
    ['whole columns', "'Grades'!A:C", { tab: 'Grades', fromColumn: 1, toColumn: 3 }],
    ['open to the last row', "'Scores'!A1:H", { tab: 'Scores', fromColumn: 1, fromRow: 1, toColumn: 8 }],
    ['one cell', "'Scores'!B7", { tab: 'Scores', fromColumn: 2, fromRow: 7, toColumn: 2, toRow: 7 }],
    ['lower-case letters', "'Scores'!a1:b2", { tab: 'Scores', fromColumn: 1, fromRow: 1, toColumn: 2, toRow: 2 }],
  ])('reads %s', (_name, range, parsed) => expect(parseA1Range(range)).toEqual(parsed));

  it.each([
    ['an unclosed quote', "'Scores!A1"],
    ['text after the quoted name', "'Scores'A1"],
    ['three parts', "'Scores'!A1:B2:C3"],
    ['row 0', "'Scores'!A0"],
    ['an empty name', "''!A1"],
    ['an empty end', "'Scores'!A1:"],
    ['no cells after the bang', "'Scores'!"],
  ])('refuses %s', (_name, range) => expect(parseA1Range(range)).toBeUndefined());
});

describe('date serials', () => {
  it.each([
    ['a midnight date', 46083, '2026-03-02'],
    ['a date-time', 46083.395833333336, '2026-03-02T09:30:00'],
    ['seconds', 46083.39601851852, '2026-03-02T09:30:16'],
    ['a hair before the second rounds like exceljs', 46083.39583332, '2026-03-02T09:29:59'],
    ['the epoch', 0, '1899-12-30'],
    ['before 1970', 1, '1899-12-31'],
  ])('%s', (_name, serial, text) => expect(wallClockText(serialToWallClock(serial))).toBe(text));

  it('reads a wall time without shifting it by a zone', () => {
    expect(wallClockText(DateTime.fromISO('2026-03-02T09:30:00', { zone: 'utc' }))).toBe('2026-03-02T09:30:00');
    expect(wallClockText(DateTime.fromISO('2026-03-02T00:00:00', { zone: 'utc' }))).toBe('2026-03-02');
  });
});

describe('sheet values as cells', () => {
  it.each([
    ['blank', '', 'text', null],
    ['text', '张伟', 'text', '张伟'],
    ['a number', 88, 'number', 88],
    ['a serial in a date column', 46083, 'date', '2026-03-02'],
    ['a serial in a date-time column', 46083.5, 'datetime', '2026-03-02T12:00:00'],
    ['a number in an extra column', 46083, undefined, 46083],
    ['ISO text in a date column', '2026-03-02', 'date', '2026-03-02'],
    ['a checkbox', true, 'text', true],
    ['something else', { x: 1 }, 'text', null],
  ] as const)('%s', (_name, value, kind, cell) => expect(sheetValueToCell(value, kind)).toEqual(cell));

  it('finds the date columns by header, wherever they are', () => {
    const header = [...ATTENDANCE_TAB.columns].reverse().map(headerText);
    const row = ATTENDANCE_TAB.columns
      .map((column) => (column.key === 'session_date' ? 46083 : column.key === 'session' ? 3 : 'x'))
      .reverse();
    const grid = gridFromValues(ATTENDANCE_TAB, [header, row]);
    const at = (key: string) =>
      header.indexOf(headerText(ATTENDANCE_TAB.columns.find((column) => column.key === key) ?? ATTENDANCE_TAB.columns[0]!));
    expect(grid[1]?.[at('session_date')]).toBe('2026-03-02');
    expect(grid[1]?.[at('session')]).toBe(3);
  });

  it('refuses a broken header row, naming the tab', () => {
    expect(() => gridFromValues(SCORES_TAB, [['提交编号 Submission ID']])).toThrow(HeaderError);
    expect(() => gridFromValues(SCORES_TAB, [])).toThrow(/Tab "Scores" is missing the header/);
  });

  it.each([
    ['text', 'abc', 'abc', { userEnteredValue: { stringValue: 'abc' } }],
    ['formula-looking text', '=SUM(A1)', '=SUM(A1)', { userEnteredValue: { stringValue: '=SUM(A1)' } }],
    ['a number', 1.5, 1.5, { userEnteredValue: { numberValue: 1.5 } }],
    ['a boolean', false, false, { userEnteredValue: { boolValue: false } }],
    ['blank', null, '', {}],
  ] as const)('writes %s typed, never parsed', (_name, cell, raw, data) => {
    expect(cellToRaw(cell)).toEqual(raw);
    expect(cellToCellData(cell)).toEqual(data);
  });
});

describe('request bodies', () => {
  const grid = { sheetId: 42, title: 'Grades', rowCount: 5, columnCount: 15 };

  it.each([
    ['a whole tab', wholeTabRange("O'Neil"), "'O''Neil'"],
    ['a header row', headerRowRange('Grades'), "'Grades'!1:1"],
  ])('%s', (_name, range, expected) => expect(range).toBe(expected));

  it('appends with appendCells on the sheet id, typed values, from column A', () => {
    expect(appendRequest(grid, [['T1', 88, null, '=1']])).toEqual({
      appendCells: {
        sheetId: 42,
        rows: [
          {
            values: [
              { userEnteredValue: { stringValue: 'T1' } },
              { userEnteredValue: { numberValue: 88 } },
              {},
              { userEnteredValue: { stringValue: '=1' } },
            ],
          },
        ],
        fields: 'userEnteredValue',
      },
    });
  });

  it('replaces within the grid with one updateCells open to its end', () => {
    expect(replaceRequests(grid, [['T1', 88]])).toEqual([
      {
        updateCells: {
          range: { sheetId: 42, startRowIndex: 1, startColumnIndex: 0 },
          rows: [{ values: [{ userEnteredValue: { stringValue: 'T1' } }, { userEnteredValue: { numberValue: 88 } }] }],
          fields: 'userEnteredValue',
        },
      },
    ]);
    expect(rowCountAfterReplace(grid, 1)).toBe(5);
  });

  it('adds the rows a longer replacement needs first', () => {
    const requests = replaceRequests(
      grid,
      Array.from({ length: 7 }, () => ['T']),
    );
    expect(requests[0]).toEqual({ appendDimension: { sheetId: 42, dimension: 'ROWS', length: 3 } });
    expect(requests[1]?.updateCells?.rows).toHaveLength(7);
    expect(rowCountAfterReplace(grid, 7)).toBe(8);
  });

  it('clears all data rows when there are none to write', () => {
    expect(replaceRequests(grid, [])).toEqual([
      { updateCells: { range: { sheetId: 42, startRowIndex: 1, startColumnIndex: 0 }, rows: [], fields: 'userEnteredValue' } },
    ]);
  });

  it('asks nothing of a grid that is only its header', () => {
    expect(replaceRequests({ ...grid, rowCount: 1 }, [])).toEqual([]);
  });
});

describe('layout and the cell limit', () => {
  const layout: SheetLayout = layoutFromSheets([
    { properties: { sheetId: 0, title: 'Scores', gridProperties: { rowCount: 1000, columnCount: 8 } } },
    { properties: { sheetId: 7, title: 'Notes', gridProperties: { rowCount: 100, columnCount: 26 } } },
  ]);

  it('reads every sheet, the staff tabs included', () => {
    expect([...layout.keys()]).toEqual(['Scores', 'Notes']);
    expect(layout.get('Notes')).toEqual({ sheetId: 7, title: 'Notes', rowCount: 100, columnCount: 26 });
  });

  it.each([
    ['a whole grid', 'Scores!A1:H1000', { title: 'Scores', rowCount: 1000, columnCount: 8 }],
    ['a quoted name', "'成绩'!A1:Z20", { title: '成绩', rowCount: 20, columnCount: 26 }],
    ['a part of a grid', 'Scores!B2:H20', undefined],
    ['an open range', 'Scores!1:1', undefined],
    ['nothing', undefined, undefined],
  ])('learns the grid size from %s', (_name, range, extent) => expect(gridExtent(range)).toEqual(extent));

  it('resizes only the tabs it knows', () => {
    const next = resized(
      layout,
      new Map([
        ['Scores', { rowCount: 1200 }],
        ['Gone', { rowCount: 5 }],
      ]),
    );
    expect(next.get('Scores')).toMatchObject({ rowCount: 1200, columnCount: 8 });
    expect(next.has('Gone')).toBe(false);
  });

  it.each([
    ['growth up to the limit', 12_600, 250, false],
    ['growth past the limit', 10_000, 325, true],
    ['no growth, over the limit', 5_000, 0, false],
  ])('%s', (_name, limit, extraRows, refused) => {
    const after = resized(layout, new Map([['Scores', { rowCount: 1000 + extraRows }]]));
    const check = () => checkCapacity('sheet-1', layout, after, limit);
    if (refused) {
      expect(check).toThrow(StoreError);
      expect(check).toThrow(
        /Spreadsheet sheet-1 would grow to 13,200 cells, over the limit of 10,000 \(it has 10,600;.*Archive last year's rows/,
      );
    } else expect(check).not.toThrow();
  });
});

/** An error shaped as gaxios raises it: the request config, and the response when one came. */
function gaxiosError(status: number | undefined, message: string, code?: string): Error {
  const error = new Error(`request failed: ${message}`) as Error & Record<string, unknown>;
  error['config'] = {};
  if (status !== undefined) error['response'] = { status, data: { error: { code: status, message, status: 'X' } } };
  if (code !== undefined) error['code'] = code;
  return error;
}

describe('API failures as store errors', () => {
  const context = { spreadsheetId: 'sheet-1', operation: 'write' as const, tries: 5 };

  it.each([
    [
      'a missing tab',
      gaxiosError(400, "Unable to parse range: 'Scores'!1:1"),
      'TAB_MISSING',
      /no tab "Scores"; run `npm run cli -- provision --google`/,
    ],
    [
      'the cell limit',
      gaxiosError(
        400,
        'Invalid requests[0].appendDimension: This action would increase the number of cells in the workbook above the limit of 10000000 cells.',
      ),
      'CAPACITY',
      /sheet-1 is full.*Archive last year's rows/,
    ],
    [
      'expired credentials',
      gaxiosError(401, 'Request had invalid authentication credentials.'),
      'NOT_AUTHORIZED',
      /gcloud auth application-default login/,
    ],
    [
      'no access',
      gaxiosError(403, 'The caller does not have permission'),
      'NOT_AUTHORIZED',
      /share the spreadsheet sheet-1 with the function's service account as an editor \(403: The caller/,
    ],
    ['a wrong id', gaxiosError(404, 'Requested entity was not found.'), 'NOT_FOUND', /check SPREADSHEET_ID/],
    [
      'the rate limit',
      gaxiosError(429, 'Quota exceeded'),
      'RATE_LIMITED',
      /retried for about a minute \(429: Quota exceeded\).*try again in a minute/,
    ],
    ['a server error', gaxiosError(503, 'The service is currently unavailable.'), 'UNAVAILABLE', /after 5 tries \(503/],
    [
      'no answer',
      gaxiosError(undefined, 'socket hang up', 'ECONNRESET'),
      'UNAVAILABLE',
      /could not be reached after 5 tries \(ECONNRESET\)/,
    ],
    [
      'a refused connection, as fetch nests it',
      Object.assign(gaxiosError(undefined, 'fetch failed'), {
        cause: new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) }),
      }),
      'UNAVAILABLE',
      /\(ECONNREFUSED\)/,
    ],
    [
      'a refused write',
      gaxiosError(400, 'Invalid value at data[0]'),
      'WRITE_FAILED',
      /refused to write spreadsheet sheet-1 \(400: Invalid value/,
    ],
    [
      'no credentials',
      new Error('Could not load the default credentials. Browse to …'),
      'NOT_AUTHORIZED',
      /GOOGLE_APPLICATION_CREDENTIALS/,
    ],
    [
      'a refused impersonation',
      new Error('PERMISSION_DENIED: unable to impersonate: denied'),
      'NOT_AUTHORIZED',
      /Service Account Token Creator/,
    ],
  ])('%s', (_name, error, code, message) => {
    const mapped = storeErrorFor(error, context);
    expect(mapped?.code).toBe(code);
    expect(mapped?.message).toMatch(message);
  });

  it('names the service account when it is known', () => {
    expect(storeErrorFor(gaxiosError(403, 'denied'), { ...context, principal: 'trainer@p.iam.gserviceaccount.com' })?.message).toMatch(
      /share the spreadsheet sheet-1 with trainer@p\.iam\.gserviceaccount\.com as an editor/,
    );
  });

  it('says reading, not writing, when a read is refused', () => {
    expect(storeErrorFor(gaxiosError(400, 'bad'), { ...context, operation: 'read' })?.code).toBe('UNREADABLE');
  });

  it('lets errors that are not about the API through', () => {
    expect(storeErrorFor(new TypeError('x is undefined'), context)).toBeUndefined();
    expect(apiFailure(new HeaderError('Scores', 'missing', 'x'))).toBeUndefined();
  });

  it.each([
    ['rows deleted by hand', "Range ('Grades'!A2:O900) exceeds grid limits. Max rows: 500, max columns: 15", true],
    ['a recreated tab', 'Invalid requests[1].updateCells: No grid with id: 1234', true],
    ['rows past the range', 'Invalid requests[1].updateCells: Attempting to write row: 900, beyond the last requested row of: 499', true],
    ['anything else', 'Invalid value', false],
  ])('tells a stale layout: %s', (_name, message, stale) => {
    const failure = apiFailure(gaxiosError(400, message));
    expect(failure && isStaleGrid(failure)).toBe(stale);
  });

  it('finds the tab of a range it could not parse', () => {
    expect(missingTabOf({ status: 400, message: "Unable to parse range: 'O''Neil'" })).toBe("O'Neil");
    expect(missingTabOf({ status: 403, message: "Unable to parse range: 'X'" })).toBeUndefined();
  });
});

describe('retry policy', () => {
  const policy = { tries: 5, firstDelayMs: 250, maxDelayMs: 32_000, timeoutMs: 60_000, random: () => 0.5 };

  it('retries 429, 408 and 5xx, network errors and POSTs, four times after the first try', () => {
    const { retryConfig, timeout } = googleRequestOptions(policy);
    expect(timeout).toBe(60_000);
    expect(retryConfig).toMatchObject({
      retry: 4,
      noResponseRetries: 4,
      retryDelay: 250,
      maxRetryDelay: 32_000,
      statusCodesToRetry: [
        [408, 408],
        [429, 429],
        [500, 599],
      ],
    });
    expect(retryConfig.httpMethodsToRetry).toContain('POST');
  });

  it('leaves out the methods a caller must never repeat', () => {
    expect(googleRequestOptions(policy, ['GET']).retryConfig.httpMethodsToRetry).toEqual(['GET']);
  });

  it('leaves POST out of the idempotent methods, where a repeated create would create twice', () => {
    expect(googleRequestOptions(policy, IDEMPOTENT_METHODS).retryConfig.httpMethodsToRetry).toEqual([
      'GET',
      'HEAD',
      'OPTIONS',
      'PUT',
      'DELETE',
    ]);
  });

  it('retries only a refusal (429), never a call without an answer, for a request that must not take effect twice', () => {
    expect(googleRequestOptions(policy, ['POST'], REFUSALS_ONLY).retryConfig).toMatchObject({
      retry: 4,
      noResponseRetries: 0,
      httpMethodsToRetry: ['POST'],
      statusCodesToRetry: [[429, 429]],
    });
  });

  const budgeted = { ...policy, rateLimitBudgetMs: 60_000 };
  const RETRIED = [...TRANSIENT_FAILURES.statuses];
  it.each([
    ['a 503 within the tries', { status: 503, method: 'POST', retries: 3, elapsedMs: 9_000 }, true],
    ['a 503 past the tries', { status: 503, method: 'POST', retries: 4, elapsedMs: 9_000 }, false],
    ['a 429 past the tries, within the minute', { status: 429, method: 'GET', retries: 6, elapsedMs: 30_000 }, true],
    ['a 429 past the minute', { status: 429, method: 'GET', retries: 6, elapsedMs: 60_000 }, false],
    ['a 429 whose Retry-After fits the minute', { status: 429, method: 'GET', retries: 5, elapsedMs: 30_000, retryAfterMs: 30_000 }, true],
    ['a 429 whose Retry-After is past the minute', { status: 429, method: 'GET', retries: 0, elapsedMs: 0, retryAfterMs: 90_000 }, false],
    ['a 429 that never stops, within the minute', { status: 429, method: 'GET', retries: 12, elapsedMs: 50_000 }, false],
    ['a 400', { status: 400, method: 'GET', retries: 0, elapsedMs: 0 }, false],
    ['no answer', { method: 'GET', retries: 1, elapsedMs: 100 }, true],
    ['a method not to repeat', { status: 503, method: 'DELETE', retries: 0, elapsedMs: 0 }, false],
  ] as const)('tries again after %s: %s', (_name, failed, expected) => {
    expect(shouldTryAgain(failed, budgeted, ['GET', 'POST'], { statuses: RETRIED, noAnswer: true })).toBe(expected);
  });

  it('without a rate-limit budget gives a 429 the tries of any failure', () => {
    expect(shouldTryAgain({ status: 429, method: 'GET', retries: 4, elapsedMs: 1 }, policy, ['GET'], TRANSIENT_FAILURES)).toBe(false);
  });

  it.each([
    ['Retry-After on a 429', { status: 429, method: 'GET', retries: 2, elapsedMs: 5_000, retryAfterMs: 7_000 }, 4_000, 7_000],
    ['backoff with jitter on a 503', { status: 503, method: 'GET', retries: 2, elapsedMs: 5_000 }, 4_000, 3_000],
    ['backoff cut to the minute left', { status: 429, method: 'GET', retries: 7, elapsedMs: 50_000 }, 32_000, 10_000],
  ] as const)('waits %s', (_name, failed, backoff, expected) => expect(waitBeforeRetry(failed, backoff, budgeted)).toBe(expected));

  it.each([
    ['seconds', '30', 30_000],
    ['an HTTP date', 'Wed, 21 Oct 2026 07:28:30 GMT', 30_000],
    ['a date gone by', 'Wed, 21 Oct 2026 07:27:00 GMT', 0],
    ['nothing', undefined, undefined],
    ['garbage', 'soon', undefined],
  ] as const)('reads a Retry-After of %s', (_name, value, expected) =>
    expect(retryAfterMs(value, Date.parse('2026-10-21T07:28:00Z'))).toBe(expected),
  );

  it.each([
    ['no jitter drawn', 0, 1000, 500],
    ['half drawn', 0.5, 1000, 750],
    ['all drawn', 0.999, 1000, 1000],
  ])('spreads waits: %s', (_name, random, delay, expected) => expect(jitteredDelay(delay, () => random)).toBe(expected));
});

describe('Google client options', () => {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const keyFile = { client_email: 'developer@project.iam.gserviceaccount.com', private_key: privateKey };

  it('talks to the root URL without credentials when one is set', async () => {
    expect(await googleClientOptions({ googleApiRootUrl: 'http://127.0.0.1:9' }, ['s'])).toEqual({
      rootUrl: 'http://127.0.0.1:9',
      params: { prettyPrint: false },
    });
    expect(await serviceAccountEmail({ rootUrl: 'http://127.0.0.1:9' })).toBeUndefined();
  });

  it('builds no credentials at all against a root URL', () => {
    const credentials = () => {
      throw new Error('credentials looked for against a fake');
    };
    expect(clientOptions('http://127.0.0.1:9', credentials)).toEqual({ rootUrl: 'http://127.0.0.1:9', params: { prettyPrint: false } });
    expect(applicationDefaultOptions('http://127.0.0.1:9', ['s'])).toEqual({
      rootUrl: 'http://127.0.0.1:9',
      params: { prettyPrint: false },
    });
  });

  it('prefers the root URL to impersonation, and asks the ambient credentials for nothing', async () => {
    const ambient = new GoogleAuth();
    ambient.getClient = () => Promise.reject(new Error('ambient credentials used against a fake'));
    expect(
      await googleClientOptions(
        { googleApiRootUrl: 'http://127.0.0.1:9', impersonateServiceAccount: 'fn@p.iam.gserviceaccount.com' },
        ['s'],
        ambient,
      ),
    ).toEqual({
      rootUrl: 'http://127.0.0.1:9',
      params: { prettyPrint: false },
    });
  });

  it('uses the credentials a caller builds (Gmail’s delegation) when no root URL is set', () => {
    const delegated = { subject: 'training@bank.example' };
    expect(clientOptions(undefined, () => delegated)).toEqual({ auth: delegated, params: { prettyPrint: false } });
  });

  it('uses Application Default Credentials with the scopes by default', async () => {
    const options = await googleClientOptions({}, ['https://www.googleapis.com/auth/spreadsheets']);
    expect(options.rootUrl).toBeUndefined();
    expect(options.auth).toBeInstanceOf(GoogleAuth);
  });

  it('names the account of a key file', async () => {
    expect(await serviceAccountEmail({ auth: new GoogleAuth({ credentials: keyFile }) })).toBe('developer@project.iam.gserviceaccount.com');
  });

  it('acts as the impersonated service account, named in messages', async () => {
    const options = await googleClientOptions(
      { impersonateServiceAccount: 'training-fn@project.iam.gserviceaccount.com' },
      ['https://www.googleapis.com/auth/spreadsheets'],
      new GoogleAuth({ credentials: keyFile, scopes: ['https://www.googleapis.com/auth/cloud-platform'] }),
    );
    expect(await serviceAccountEmail(options)).toBe('training-fn@project.iam.gserviceaccount.com');
  });
});

describe('configuration of the Google store', () => {
  it('reads the Google variables', () => {
    expect(
      loadConfig({
        STORE: 'sheets',
        SPREADSHEET_ID: '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde',
        GOOGLE_API_ROOT_URL: 'http://127.0.0.1:8085',
        IMPERSONATE_SERVICE_ACCOUNT: 'training-fn@project.iam.gserviceaccount.com',
        SHEETS_MAX_CELLS: '9000000',
      }),
    ).toMatchObject({
      store: 'sheets',
      spreadsheetId: '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde',
      googleApiRootUrl: 'http://127.0.0.1:8085',
      impersonateServiceAccount: 'training-fn@project.iam.gserviceaccount.com',
      sheetsMaxCells: 9_000_000,
    });
  });

  it.each([
    ['STORE=sheets without a spreadsheet', { STORE: 'sheets' }, /SPREADSHEET_ID: required when STORE=sheets/],
    [
      'a spreadsheet URL instead of its id',
      { SPREADSHEET_ID: 'https://docs.google.com/spreadsheets/d/x/edit' },
      /SPREADSHEET_ID is the part of the sheet URL/,
    ],
    ['a root URL that is no URL', { GOOGLE_API_ROOT_URL: 'localhost:8085' }, /GOOGLE_API_ROOT_URL/],
    [
      'an account that is no e-mail',
      { IMPERSONATE_SERVICE_ACCOUNT: 'training-fn' },
      /IMPERSONATE_SERVICE_ACCOUNT must be a service account e-mail/,
    ],
    ["a cell limit over Google's", { SHEETS_MAX_CELLS: '20000000' }, /SHEETS_MAX_CELLS/],
  ])('refuses %s', (_name, env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
