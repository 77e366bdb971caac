// A spreadsheet at the cell limit refuses a submission with 503 CAPACITY and a message saying what to do, before any write is sent.
import { afterEach, describe, expect, it } from 'vitest';
import { SCORES_TAB } from '../../sheets-templates/index.js';
import { memoryLogger } from '../../functions/src/adapters/json-logger.js';
import { createApp } from '../../functions/src/app.js';
import { loadConfig } from '../../functions/src/config.js';
import type { SheetsFake } from '../fakes/sheets-fake.js';
import { fakeWorld } from '../fixtures/sheets-world.js';
import { clock, SCORE_ANSWERS, submission } from '../fixtures/world.js';
import { post, reportFigures, serveHttp } from './storm.js';

const GOOGLE_LIMIT = 10_000_000;
/** A Scores row is 26 cells wide in a new Google sheet, so an append grows the spreadsheet by 26 cells. */
const ROW = 26;
const STAFF_TAB = '2025 归档';
const running: { fake: SheetsFake; close: () => Promise<void> }[] = [];

afterEach(async () => {
  for (const { fake, close } of running.splice(0)) {
    await close();
    await fake.close();
  }
});

/** How the spreadsheet got full: a year of rows in the Scores grid itself, or a tab staff added for last year's rows. */
type Filler = 'scores' | 'staff tab';

/** The standard world as a spreadsheet with `headroom` cells left under `limit`, served by the function configured from the environment. */
async function fullSpreadsheet(filler: Filler, headroom: number, limit: number | undefined) {
  const fake = await fakeWorld();
  const cap = limit ?? GOOGLE_LIMIT;
  if (filler === 'scores') fake.sheet(SCORES_TAB.name).rowCount += Math.floor((cap - headroom - fake.cellCount()) / ROW);
  else fake.addSheet(STAFF_TAB, [], { rowCount: cap - headroom - fake.cellCount(), columnCount: 1 });
  expect(cap - fake.cellCount()).toBeLessThan(ROW + headroom);
  const config = loadConfig({
    STORE: 'sheets',
    SPREADSHEET_ID: fake.spreadsheetId,
    GOOGLE_API_ROOT_URL: fake.url,
    RECOMPUTE_ON_SUBMIT: 'off',
    MAILER: 'off',
    ...(limit === undefined ? {} : { SHEETS_MAX_CELLS: String(limit) }),
  });
  const server = await serveHttp(createApp(config, { clock, logger: memoryLogger() }).handler);
  running.push({ fake, close: server.close });
  return { fake, base: server.base };
}

const valid = () => submission('score', SCORE_ANSWERS);
const broken = () => submission('score', { ...SCORE_ANSWERS, score: 150 });

describe('a spreadsheet at its cell limit', () => {
  it.each([
    { name: "a year of scores, Google's 10,000,000 cells", filler: 'scores' as const, headroom: 10, limit: undefined },
    { name: 'a staff tab, SHEETS_MAX_CELLS=1000000', filler: 'staff tab' as const, headroom: ROW - 1, limit: 1_000_000 },
  ])(
    '$name: a valid and a broken entry are both refused with 503 CAPACITY, and nothing is written',
    async ({ filler, headroom, limit }) => {
      const { fake, base } = await fullSpreadsheet(filler, headroom, limit);
      const before = fake.cellCount();
      fake.resetCalls();
      for (const body of [valid(), broken()]) {
        const answer = await post(base, body);
        expect(answer.status).toBe(503);
        expect(answer.body).toMatchObject({ status: 'error', code: 'CAPACITY' });
        expect(answer.body.message).toBe(
          `Spreadsheet ${fake.spreadsheetId} would grow to ${(before + ROW).toLocaleString('en-US')} cells, over the limit of ${(limit ?? GOOGLE_LIMIT).toLocaleString('en-US')} ` +
            `(it has ${before.toLocaleString('en-US')}; Google Sheets holds at most 10,000,000 cells a spreadsheet, empty grid cells included). ` +
            "Archive last year's rows to another spreadsheet, or delete unused rows and columns, then resubmit.",
        );
      }
      expect(fake.writes()).toBe(0);
      expect(fake.cellCount()).toBe(before);
      reportFigures('limits', { filler, limit: limit ?? GOOGLE_LIMIT, cells: before, headroom, writes: fake.writes() });
    },
  );

  it("takes the entry the form trigger sends again once last year's scores are archived elsewhere", async () => {
    const { fake, base } = await fullSpreadsheet('scores', 10, undefined);
    const body = valid();
    expect((await post(base, body)).status).toBe(503);
    // Staff move last year's rows out and delete them: the Scores grid shrinks back.
    fake.sheet(SCORES_TAB.name).rowCount = 1000;
    expect(await post(base, body)).toEqual({ status: 200, body: { status: 'accepted' } });
    expect(
      fake
        .values(SCORES_TAB.name)
        .slice(1)
        .map((row) => row[0]),
    ).toEqual([body['id']]);
  });

  it('still takes an entry that fits exactly', async () => {
    const { fake, base } = await fullSpreadsheet('staff tab', ROW, 1_000_000);
    expect(await post(base, valid())).toEqual({ status: 200, body: { status: 'accepted' } });
    // The Scores grid had an empty row for it: appendCells grows a grid only when it is full.
    expect(fake.cellCount()).toBe(1_000_000 - ROW);
  });

  // The store refuses only on fresh sheet sizes, so a warm instance sees a staff tab deleted to make room.
  it('takes the entry again once a staff tab is deleted to make room', async () => {
    const { fake, base } = await fullSpreadsheet('staff tab', 10, undefined);
    const body = valid();
    expect((await post(base, body)).status).toBe(503);
    fake.removeSheet(STAFF_TAB);
    expect(await post(base, body)).toEqual({ status: 200, body: { status: 'accepted' } });
  });
});
