// Forms watch notifications for responses already processed, end to end (Forms fake → formsWatch → Sheets fake): no row doubled, no write at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMS_TAB, SCORES_TAB } from '../../sheets-templates/index.js';
import { formsApi } from '../../functions/src/adapters/google/forms-api.js';
import { formsClient } from '../../functions/src/adapters/google/forms-client.js';
import { memoryLogger } from '../../functions/src/adapters/json-logger.js';
import { createApp } from '../../functions/src/app.js';
import { loadConfig } from '../../functions/src/config.js';
import { FormsFake } from '../fakes/forms-watch-fake.js';
import type { SheetsFake } from '../fakes/sheets-fake.js';
import { formsGrid, notificationData, postCloudEvent, SCORE_FORM, SCORE_FORM_ID, scoreResponse } from '../fixtures/forms-world.js';
import { fakeWorld, FAST_RETRY, sheetsStore } from '../fixtures/sheets-world.js';
import { clock, worldStore } from '../fixtures/world.js';
import { reportFigures, serveCloudEvent } from './storm.js';

let sheets: SheetsFake;
let forms: FormsFake;
const closers: (() => Promise<void>)[] = [];
const logger = memoryLogger();

/** One instance of the formsWatch function, as Cloud Functions starts it: STORE=sheets, its own store and Forms client. */
async function instance(): Promise<string> {
  const config = loadConfig({
    STORE: 'sheets',
    SPREADSHEET_ID: sheets.spreadsheetId,
    GOOGLE_API_ROOT_URL: sheets.url,
    RECOMPUTE_ON_SUBMIT: 'wait',
    MAILER: 'off',
  });
  // The two fakes listen on two ports, so the Forms client is given its own root; the store retries fast.
  const app = createApp(config, {
    store: sheetsStore(sheets, { retry: FAST_RETRY }),
    clock,
    logger,
    forms: formsApi(formsClient({ googleApiRootUrl: forms.url })),
  });
  const server = await serveCloudEvent(app.formsWatch);
  closers.push(server.close);
  return server.base;
}

const scoreIds = () =>
  sheets
    .values(SCORES_TAB.name)
    .slice(1)
    .map((row) => row[0]);
const formsRows = () => sheets.values(FORMS_TAB.name);

beforeAll(async () => {
  const memory = worldStore();
  memory.setGrid(FORMS_TAB.name, formsGrid([{ kind: 'score', form_id: SCORE_FORM_ID, title: '考核成绩登记' }]));
  sheets = await fakeWorld(memory);
  forms = await new FormsFake().start();
  forms.addForm(SCORE_FORM);
  forms.submit(SCORE_FORM_ID, scoreResponse('ACYDBNj-r1', '2026-06-15T01:00:01.000001Z', { trainee: 'T002', score: '88' }));
  forms.submit(SCORE_FORM_ID, scoreResponse('ACYDBNj-r2', '2026-06-15T01:00:02Z', { trainee: 'T002', component: '项目作业', score: '91' }));
  forms.submit(
    SCORE_FORM_ID,
    scoreResponse('ACYDBNj-r3', '2026-06-15T01:00:03.123456789Z', { trainee: 'T004', course: 'C-PRO-RETAIL', score: '75' }),
  );
});

afterAll(async () => {
  for (const close of closers) await close();
  await forms.close();
  await sheets.close();
});

describe('notifications about responses already stored', () => {
  it('store nothing and write nothing, on the instance that stored them and on a fresh one', { timeout: 60_000 }, async () => {
    const first = await instance();
    expect((await postCloudEvent(first, 'msg-3', notificationData(SCORE_FORM_ID, 'msg-3'))).status).toBe(204);
    expect(scoreIds()).toEqual(['ACYDBNj-r1', 'ACYDBNj-r2', 'ACYDBNj-r3']);
    const stored = { scores: sheets.values(SCORES_TAB.name), forms: formsRows(), writes: sheets.writes() };
    expect(stored.forms[1]).toContain('2026-06-15T09:00:03.123456789+08:00');

    // Pub/Sub delivers at least once and in any order: the same message again, an older one, and one to a cold instance.
    const second = await instance();
    const redeliveries = [
      { base: first, id: 'msg-3', publishTime: '2026-06-15T01:00:03.500Z' },
      { base: first, id: 'msg-1', publishTime: '2026-06-15T01:00:01.500Z' },
      { base: second, id: 'msg-3', publishTime: '2026-06-15T01:00:03.500Z' },
      { base: second, id: 'msg-2', publishTime: '2026-06-15T01:00:02.500Z' },
    ];
    for (const { base, id, publishTime } of redeliveries) {
      expect((await postCloudEvent(base, id, notificationData(SCORE_FORM_ID, id, 'RESPONSES', publishTime))).status).toBe(204);
    }
    expect(sheets.values(SCORES_TAB.name)).toEqual(stored.scores);
    expect(formsRows()).toEqual(stored.forms);
    // Not one write: no row appended, the checkpoint not rewritten, no regrading asked for.
    expect(sheets.writes()).toBe(stored.writes);
    const outcomes = logger.lines.filter((line) => line['message'] === 'form response').map((line) => line['outcome']);
    expect(outcomes.filter((outcome) => outcome === 'accepted')).toHaveLength(3);
    expect(outcomes.filter((outcome) => outcome !== 'accepted').every((outcome) => outcome === 'duplicate')).toBe(true);
    reportFigures('watch redelivery', {
      redeliveries: redeliveries.length,
      duplicatesListed: outcomes.length - 3,
      writesAfterRedelivery: sheets.writes() - stored.writes,
    });
  });

  it('stores a new response once when its notification is delivered twice at once', async () => {
    const base = await instance();
    forms.submit(
      SCORE_FORM_ID,
      scoreResponse('ACYDBNj-r4', '2026-06-15T01:00:04Z', { trainee: 'T004', course: 'C-PRO-RETAIL', component: '论文', score: '81' }),
    );
    const answers = await Promise.all([
      postCloudEvent(base, 'msg-4', notificationData(SCORE_FORM_ID, 'msg-4')),
      postCloudEvent(base, 'msg-4', notificationData(SCORE_FORM_ID, 'msg-4')),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([204, 204]);
    expect(scoreIds()).toEqual(['ACYDBNj-r1', 'ACYDBNj-r2', 'ACYDBNj-r3', 'ACYDBNj-r4']);
    expect(formsRows()[1]).toContain('2026-06-15T09:00:04+08:00');
  });
});
