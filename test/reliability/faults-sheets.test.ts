// The Sheets API failing every 4th call (429, 500, no answer, or a 500 after storing the write) under 200 concurrent submissions: nothing lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEMS_TAB } from '../../sheets-templates/index.js';
import type { GoogleSheetsStore } from '../../functions/src/adapters/store/google-sheets-store.js';
import { memoryLogger } from '../../functions/src/adapters/json-logger.js';
import { createApp, type App } from '../../functions/src/app.js';
import { cellText, type Cell } from '../../functions/src/core/cells.js';
import { loadConfig } from '../../functions/src/config.js';
import { runRecompute } from '../../functions/src/jobs/recompute.js';
import { submit } from '../../functions/src/jobs/submit.js';
import type { FakeRequest, Fault } from '../fakes/http-fake.js';
import type { SheetsFake } from '../fakes/sheets-fake.js';
import { sheetsStore } from '../fixtures/sheets-world.js';
import { clock } from '../fixtures/world.js';
import { loadMemory, loadRoster, loadSheets, mixedSubmissions } from './load-world.js';
import {
  checkStored,
  deliver,
  derivedBeforeAndAfterRecompute,
  expectLogsFreeOfPersonalData,
  hammer,
  healthFigures,
  personalData,
  RECOMPUTED_TABS,
  reportFigures,
  type RetryingAnswer,
  serveHttp,
} from './storm.js';

/** Three tries a call (five in production) so some faults outlast them and reach the client; waits of milliseconds, a call abandoned after 2 s. */
const FAST_FAULT_RETRY = { tries: 3, firstDelayMs: 5, maxDelayMs: 40, timeoutMs: 2_000 };

const FAULTS: readonly (readonly [name: string, fault: Fault])[] = [
  ['429', { kind: 'status', status: 429 }],
  ['500', { kind: 'status', status: 500 }],
  ['no answer', { kind: 'hang' }],
  ['500 after storing', { kind: 'applied', status: 500 }],
];

/** Tables compared as a spreadsheet keeps them: Google keeps no empty text. */
const asStored = (rows: readonly { values: Readonly<Record<string, Cell | undefined>> }[] | undefined) =>
  (rows ?? []).map((row) =>
    Object.fromEntries(Object.entries(row.values).map(([key, value]) => [key, value === '' || value === undefined ? null : value])),
  );

describe('200 concurrent submissions while the Sheets API fails every fourth call', () => {
  let fake: SheetsFake;
  let store: GoogleSheetsStore;
  let server: Awaited<ReturnType<typeof serveHttp>>;
  let app: App;
  const logger = memoryLogger();

  beforeAll(async () => {
    fake = await loadSheets();
    // Batches as fast as the fake answers (no burst spacing), so the storm makes enough calls for every kind of fault
    // to land on some; the spacing that keeps a burst within the quota is tested in burst-quota.test.ts.
    store = sheetsStore(fake, { retry: FAST_FAULT_RETRY, burstSpacingMs: 0 });
    const config = loadConfig({
      STORE: 'sheets',
      SPREADSHEET_ID: fake.spreadsheetId,
      GOOGLE_API_ROOT_URL: fake.url,
      RECOMPUTE_ON_SUBMIT: 'background',
      MAILER: 'off',
    });
    app = createApp(config, { store, clock, logger });
    server = await serveHttp(app.handler);
  });

  afterAll(async () => {
    fake.http.clearFaults();
    await app.recompute.idle();
    await server.close();
    await fake.close();
  });

  it(
    'stores every valid id, keeps every invalid one in Rejected, and the recompute sets retried copies aside',
    { timeout: 120_000 },
    async () => {
      // Which call got which fault; calls are numbered from 1 in the order the fake receives them.
      const injected = new Map<number, string>();
      // fault-0's append is stored and then answered 500, and its retry is spared the other faults, so it is stored twice:
      // at least one copy for the recompute to set aside, whatever the timing.
      const forced = (call: FakeRequest) =>
        call.method === 'POST' && JSON.stringify(call.body).includes('"appendCells"') && JSON.stringify(call.body).includes('"fault-0"');
      fake.failNext(1, { kind: 'applied', status: 500 }, (call) => {
        const hit = forced(call);
        if (hit) injected.set(fake.calls.length, '500 after storing');
        return hit;
      });
      // Every fourth call gets a fault, the kinds in turn: with group commit a storm makes few calls (fewer under load),
      // so the turn goes by faults injected, not by call number, and four injections cover every kind.
      const turnOf = new Map<number, number>();
      FAULTS.forEach(([name, fault], k) =>
        fake.failNext(Number.MAX_SAFE_INTEGER, fault, (call) => {
          const n = fake.calls.length;
          if (n % 4 !== 0 || forced(call)) return false;
          if (!turnOf.has(n)) turnOf.set(n, turnOf.size % FAULTS.length);
          const hit = turnOf.get(n) === k;
          if (hit) injected.set(n, name);
          return hit;
        }),
      );

      const planned = mixedSubmissions(200, 'fault');
      const deliveries: RetryingAnswer[] = [];
      const { answers, health, ms } = await hammer(server.base, planned, async (body) => {
        const answer = await deliver(server.base, body);
        deliveries.push(answer);
        return answer;
      });
      fake.http.clearFaults();
      const calls = fake.calls.length;

      // Every delivery ends as a form trigger needs: valid ones stored (accepted or already there), broken ones refused with reasons.
      const final = new Map(answers.map((answer) => [answer.id, answer]));
      for (const p of planned) {
        const answer = final.get(String(p.body['id']));
        if (p.expect === 'rejected') expect(answer, String(p.body['id'])).toMatchObject({ status: 422, body: { status: 'rejected' } });
        else expect(answer, String(p.body['id'])).toMatchObject({ status: 200 });
      }

      // A recompute after the outage (the next submission, staff or the scheduler asks for one) repairs what a failed one left.
      await app.recompute.idle();
      await app.recompute.request();
      const result = await checkStored(sheetsStore(fake), planned, answers);
      expect(new Set(result.stored)).toEqual(result.validIds);
      expect(new Set(result.rejectedRows)).toEqual(result.rejectedIds);
      const copies = result.stored.length - result.validIds.size;

      // Every id stored twice is listed in Problems by the recompute, which graded one copy only.
      const counts = new Map<string, number>();
      for (const id of result.stored) counts.set(id, (counts.get(id) ?? 0) + 1);
      const doubled = [...counts].filter(([, count]) => count > 1).map(([id]) => id);
      const problems = (await sheetsStore(fake).read([PROBLEMS_TAB.name])).get(PROBLEMS_TAB.name)?.rows ?? [];
      const setAside = new Set(problems.map((row) => cellText(row.values['submission_id'])));
      expect(doubled).toContain('fault-0');
      for (const id of doubled) expect(setAside.has(id), id).toBe(true);

      // The derived tabs equal a fresh recompute, and equal those of the same submissions made one by one with no fault at all.
      const { before, after } = await derivedBeforeAndAfterRecompute(() => sheetsStore(fake), clock);
      for (const name of RECOMPUTED_TABS) expect(after.get(name)?.rows, name).toEqual(before.get(name)?.rows);
      const reference = loadMemory();
      for (const { body } of planned) await submit(body, reference, clock);
      await runRecompute(reference, clock);
      const clean = await reference.read(RECOMPUTED_TABS);
      // Problems differs by design: the faulty run lists the copies it set aside.
      for (const name of RECOMPUTED_TABS.filter((tab) => tab !== PROBLEMS_TAB.name))
        expect(asStored(after.get(name)?.rows), name).toEqual(asStored(clean.get(name)?.rows));
      expect(after.get('Grades')?.rows.length).toBeGreaterThan(100);

      const byKind = Object.fromEntries(FAULTS.map(([name]) => [name, [...injected.values()].filter((kind) => kind === name).length]));
      for (const [name, count] of Object.entries(byKind)) expect(count, name).toBeGreaterThan(0);
      expect(health.every((check) => check.status === 200)).toBe(true);
      // Logs carry ids and outcomes: no trainee's name or e-mail, no answer text, no score.
      expectLogsFreeOfPersonalData(logger.lines, personalData(loadRoster, planned));
      reportFigures('faults on the Sheets fake', {
        submissions: planned.length,
        ms: Math.round(ms),
        sheetsCalls: calls,
        faultsInjected: injected.size,
        byKind,
        copiesSetAside: copies,
        deliveriesRetried: deliveries.filter((delivery) => delivery.statuses.length > 1).length,
        clientRetries: deliveries.reduce((sum, delivery) => sum + delivery.statuses.length - 1, 0),
        rejectedRowsForDistinctIds: [result.rejectedRows.length, result.rejectedIds.size],
        errorsLogged: logger.lines.filter((line) => line['severity'] === 'ERROR').length,
        health: healthFigures(health),
      });
    },
  );
});
