// 200 concurrent mixed submissions through the framework server with STORE=sheets, against the Sheets fake: nothing lost, nothing doubled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../functions/src/adapters/json-logger.js';
import { createApp, type App } from '../../functions/src/app.js';
import { loadConfig } from '../../functions/src/config.js';
import type { SheetsFake } from '../fakes/sheets-fake.js';
import { sheetsStore } from '../fixtures/sheets-world.js';
import { clock } from '../fixtures/world.js';
import { loadRoster, loadSheets, mixedSubmissions } from './load-world.js';
import {
  checkStored,
  derivedBeforeAndAfterRecompute,
  expectAnswersHeld,
  expectLogsFreeOfPersonalData,
  expectStoredOnce,
  hammer,
  healthFigures,
  personalData,
  RECOMPUTED_TABS,
  reportFigures,
  serveHttp,
} from './storm.js';

describe('200 concurrent submissions on a Google spreadsheet (the Sheets fake)', () => {
  let fake: SheetsFake;
  let server: Awaited<ReturnType<typeof serveHttp>>;
  let app: App;
  const logger = memoryLogger();

  beforeAll(async () => {
    fake = await loadSheets();
    // The store as a deployed function builds it from its environment, pointed at the fake.
    const config = loadConfig({
      STORE: 'sheets',
      SPREADSHEET_ID: fake.spreadsheetId,
      GOOGLE_API_ROOT_URL: fake.url,
      RECOMPUTE_ON_SUBMIT: 'background',
      MAILER: 'off',
    });
    app = createApp(config, { clock, logger });
    server = await serveHttp(app.handler);
  });

  afterAll(async () => {
    await app.recompute.idle();
    await server.close();
    await fake.close();
  });

  it(
    'stores every valid id once, keeps every invalid one in Rejected, regrades, and stays healthy throughout',
    { timeout: 120_000 },
    async () => {
      const planned = mixedSubmissions(200);
      const { answers, health, ms } = await hammer(server.base, planned);
      expectAnswersHeld(planned, answers);

      await app.recompute.idle();
      const calls = { reads: fake.reads(), writes: fake.writes() };
      expectStoredOnce(await checkStored(sheetsStore(fake), planned, answers));

      const { before, after } = await derivedBeforeAndAfterRecompute(() => sheetsStore(fake), clock);
      for (const name of RECOMPUTED_TABS) expect(after.get(name)?.rows, name).toEqual(before.get(name)?.rows);
      expect(after.get('Grades')?.rows.length).toBeGreaterThan(100);

      expect(health.length).toBeGreaterThan(3);
      expect(health.every((check) => check.status === 200)).toBe(true);
      // Logs carry ids and outcomes: no trainee's name or e-mail, no answer text, no score.
      expectLogsFreeOfPersonalData(logger.lines, personalData(loadRoster, planned));
      reportFigures('load on the Sheets fake', {
        submissions: planned.length,
        ms: Math.round(ms),
        sheetsCalls: calls,
        health: healthFigures(health),
      });
    },
  );
});
