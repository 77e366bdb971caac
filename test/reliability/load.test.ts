// 200 concurrent mixed submissions against the Functions Framework server on the local workbook: nothing lost, nothing doubled.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../functions/src/adapters/json-logger.js';
import { XlsxSheetStore } from '../../functions/src/adapters/store/xlsx-store.js';
import { createApp, type App } from '../../functions/src/app.js';
import { loadConfig } from '../../functions/src/config.js';
import { provisionWorkbook } from '../../functions/src/provision/workbook.js';
import { clock } from '../fixtures/world.js';
import { loadPlan, loadRoster, mixedSubmissions } from './load-world.js';
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

describe('200 concurrent submissions on the local workbook', () => {
  let dir: string;
  let file: string;
  let server: Awaited<ReturnType<typeof serveHttp>>;
  let app: App;
  const logger = memoryLogger();

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'load-'));
    file = path.join(dir, 'training.xlsx');
    await provisionWorkbook(file, {
      rows: new Map([
        ['Plan', loadPlan],
        ['Roster', loadRoster],
      ]),
    });
    app = createApp(loadConfig({ WORKBOOK_PATH: file, OUTBOX_DIR: path.join(dir, 'outbox'), RECOMPUTE_ON_SUBMIT: 'background' }), {
      clock,
      logger,
    });
    server = await serveHttp(app.handler);
  });

  afterAll(async () => {
    await app.recompute.idle();
    await app.feedback?.idle();
    await server.close();
    await fs.rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it(
    'stores every valid id once, keeps every invalid one in Rejected, regrades, and stays healthy throughout',
    { timeout: 120_000 },
    async () => {
      const planned = mixedSubmissions(200);
      const { answers, health, ms } = await hammer(server.base, planned);
      expectAnswersHeld(planned, answers);

      await app.recompute.idle();
      expectStoredOnce(await checkStored(new XlsxSheetStore(file), planned, answers));

      // The derived tabs as the background regrading left them equal a fresh recompute.
      const { before, after } = await derivedBeforeAndAfterRecompute(() => new XlsxSheetStore(file), clock);
      for (const name of RECOMPUTED_TABS) expect(after.get(name)?.rows, name).toEqual(before.get(name)?.rows);
      expect(after.get('Grades')?.rows.length).toBeGreaterThan(100);

      expect(health.length).toBeGreaterThan(3);
      expect(health.every((check) => check.status === 200)).toBe(true);
      // Logs carry ids and outcomes: no trainee's name or e-mail, no answer text, no score.
      expectLogsFreeOfPersonalData(logger.lines, personalData(loadRoster, planned));
      reportFigures('load on the workbook', { submissions: planned.length, ms: Math.round(ms), health: healthFigures(health) });
    },
  );
});
