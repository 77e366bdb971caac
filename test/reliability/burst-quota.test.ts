// 200 submissions at once through POST /submissions on a Google spreadsheet whose fake enforces Google's 60 reads and 60 writes a minute.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../functions/src/adapters/json-logger.js';
import { createApp, type App } from '../../functions/src/app.js';
import { loadConfig } from '../../functions/src/config.js';
import { GOOGLE_SHEETS_QUOTA, type SheetsFake } from '../fakes/sheets-fake.js';
import { fakeWorld, sheetsStore } from '../fixtures/sheets-world.js';
import { clock } from '../fixtures/world.js';
import { loadMemory, mixedSubmissions } from './load-world.js';
import { checkStored, expectAnswersHeld, expectStoredOnce, hammer, reportFigures, serveHttp } from './storm.js';

describe('a class of 200 submitting at once, against the per-minute quota', () => {
  let fake: SheetsFake;
  let server: Awaited<ReturnType<typeof serveHttp>>;
  let app: App;

  beforeAll(async () => {
    fake = await fakeWorld(loadMemory(), { quota: GOOGLE_SHEETS_QUOTA });
    const config = loadConfig({
      STORE: 'sheets',
      SPREADSHEET_ID: fake.spreadsheetId,
      GOOGLE_API_ROOT_URL: fake.url,
      // Only the submissions: the jobs function's recompute has its own quota share and tests.
      RECOMPUTE_ON_SUBMIT: 'off',
      MAILER: 'off',
    });
    app = createApp(config, { clock, logger: memoryLogger() });
    server = await serveHttp(app.handler);
  });

  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  it(
    'stores every one once within the minute, no 429 reaching a caller, the calls shared by group commit',
    { timeout: 120_000 },
    async () => {
      const planned = mixedSubmissions(200, 'burst');
      fake.resetCalls();
      const { answers, ms } = await hammer(server.base, planned);
      const calls = { reads: fake.reads(), writes: fake.writes() };
      const refused = fake.http.traffic.filter((entry) => entry.status === 429).length;

      expectAnswersHeld(planned, answers);
      expect(answers.filter((answer) => answer.status === 429)).toEqual([]);
      // 200 for accepted and duplicate entries, 422 for the broken ones (kept in Rejected); nothing else.
      expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([200, 422]));
      expect(ms).toBeLessThan(60_000);
      // Within Google's quota outright: not one call had to be retried for it.
      expect(refused).toBe(0);
      expect(calls.reads).toBeLessThanOrEqual(GOOGLE_SHEETS_QUOTA.readsPerMinutePerUser);
      expect(calls.writes).toBeLessThanOrEqual(GOOGLE_SHEETS_QUOTA.writesPerMinutePerUser);
      expectStoredOnce(await checkStored(sheetsStore(fake), planned, answers));
      reportFigures('burst under the quota', { submissions: planned.length, ms: Math.round(ms), sheetsCalls: calls, refused });
    },
  );
});
