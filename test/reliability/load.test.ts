// 200 concurrent mixed submissions against the Functions Framework server on the local workbook: nothing lost, nothing doubled.
import { promises as fs } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTENDANCE_TAB, DERIVED_TABS, EVALUATIONS_TAB, LEAVE_TAB, REJECTED_TAB, ROSTER_TAB, SCORES_TAB } from '../../sheets-templates/index.js';
import { memoryLogger } from '../../functions/src/adapters/json-logger.js';
import { XlsxSheetStore } from '../../functions/src/adapters/xlsx-store.js';
import { createApp, type App } from '../../functions/src/app.js';
import { cellText } from '../../functions/src/core/cells.js';
import { loadConfig } from '../../functions/src/config.js';
import { provisionWorkbook } from '../../functions/src/provision.js';
import { runRecompute } from '../../functions/src/recompute-job.js';
import type { SheetStore } from '../../functions/src/ports.js';
import { clock } from '../fixtures/world.js';
import { loadPlan, loadRoster, mixedSubmissions } from './load-world.js';

/** Fire every submission at once while polling /healthz; returns the answers and the health checks. */
export async function hammer(base: string, planned: ReturnType<typeof mixedSubmissions>) {
  const health: { status: number; ms: number }[] = [];
  let done = false;
  const poll = (async () => {
    while (!done) {
      const started = performance.now();
      const response = await fetch(`${base}/healthz`);
      await response.arrayBuffer();
      health.push({ status: response.status, ms: performance.now() - started });
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  const answers = await Promise.all(
    planned.map(async ({ body }) => {
      const response = await fetch(`${base}/submissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { id: String(body['id']), status: response.status, body: (await response.json()) as { status: string } };
    }),
  );
  done = true;
  await poll;
  return { answers, health };
}

/** What the store holds after the storm, and whether it matches what the answers promised. */
export async function checkStored(store: SheetStore, planned: ReturnType<typeof mixedSubmissions>, answers: Awaited<ReturnType<typeof hammer>>['answers']) {
  const tabs = await store.read([SCORES_TAB.name, ATTENDANCE_TAB.name, LEAVE_TAB.name, EVALUATIONS_TAB.name, ROSTER_TAB.name, REJECTED_TAB.name]);
  const stored = [SCORES_TAB, ATTENDANCE_TAB, LEAVE_TAB, EVALUATIONS_TAB, ROSTER_TAB].flatMap((tab) => tabs.get(tab.name)?.rows.map((row) => cellText(row.values['submission_id'])) ?? []).filter((id) => id !== '');
  const validIds = new Set(planned.filter((p) => p.expect !== 'rejected').map((p) => String(p.body['id'])));
  const rejectedIds = new Set(planned.filter((p) => p.expect === 'rejected').map((p) => String(p.body['id'])));
  const acceptedAnswers = answers.filter((a) => a.body.status === 'accepted').map((a) => a.id);
  const rejectedRows = tabs.get(REJECTED_TAB.name)?.rows.map((row) => cellText(row.values['submission_id'])) ?? [];
  const leave = tabs.get(LEAVE_TAB.name)?.rows.map((row) => row.values['reason']) ?? [];
  return { stored, validIds, rejectedIds, acceptedAnswers, rejectedRows, leave };
}

describe('200 concurrent submissions on the local workbook', () => {
  let dir: string;
  let server: Server;
  let base: string;
  let app: App;
  const logger = memoryLogger();

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'load-'));
    const file = path.join(dir, 'training.xlsx');
    await provisionWorkbook(file, { rows: new Map([['Plan', loadPlan], ['Roster', loadRoster]]) });
    app = createApp(loadConfig({ WORKBOOK_PATH: file, OUTBOX_DIR: path.join(dir, 'outbox'), RECOMPUTE_ON_SUBMIT: 'background' }), { clock, logger });
    functions.http('load-under-test', app.handler);
    server = getTestServer('load-under-test');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app.recompute.idle();
    await app.feedback?.idle();
    await new Promise((resolve) => server.close(resolve));
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('stores every valid id once, keeps every invalid one in Rejected, regrades, and stays healthy throughout', { timeout: 120_000 }, async () => {
    const planned = mixedSubmissions(200);
    const { answers, health } = await hammer(base, planned);

    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    const byId = new Map<string, string[]>();
    for (const answer of answers) byId.set(answer.id, [...(byId.get(answer.id) ?? []), answer.body.status]);
    for (const p of planned.filter((entry) => entry.expect === 'rejected')) expect(byId.get(String(p.body['id']))).toEqual(['rejected']);
    // A redelivery racing its original: exactly one of the two is the accepted one.
    for (const [id, statuses] of byId) if (!statuses.includes('rejected')) expect(statuses.filter((s) => s === 'accepted'), id).toHaveLength(1);

    await app.recompute.idle();
    const store = new XlsxSheetStore(path.join(dir, 'training.xlsx'));
    const result = await checkStored(store, planned, answers);
    expect(result.stored.length).toBe(result.validIds.size);
    expect(new Set(result.stored)).toEqual(result.validIds);
    expect(new Set(result.rejectedRows)).toEqual(result.rejectedIds);
    expect(result.rejectedRows).toHaveLength(result.rejectedIds.size);
    expect(result.leave.every((reason) => reason === '=HYPERLINK("http://evil.example","客户拜访")')).toBe(true);

    // The derived tabs as the background regrading left them equal a fresh recompute.
    const derivedNames = DERIVED_TABS.filter((tab) => tab.name !== 'FeedbackLog' && tab.name !== 'Forms').map((tab) => tab.name);
    const before = await store.read(derivedNames);
    await runRecompute(store, clock);
    const after = await new XlsxSheetStore(path.join(dir, 'training.xlsx')).read(derivedNames);
    for (const name of derivedNames) expect(after.get(name)?.rows, name).toEqual(before.get(name)?.rows);
    expect(after.get('Grades')?.rows.length).toBeGreaterThan(100);

    expect(health.length).toBeGreaterThan(3);
    expect(health.every((check) => check.status === 200)).toBe(true);
  });
});
