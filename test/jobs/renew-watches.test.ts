// Watch renewal through POST /watches/renew and the CLI, against the Forms API fake: create, renew, keep, fail, record.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FORMS_TAB } from '../../sheets-templates/index.js';
import { formsApi } from '../../functions/src/adapters/google/forms-api.js';
import { FORMS_RETRY_POLICY, formsClient } from '../../functions/src/adapters/google/forms-client.js';
import { memoryLogger } from '../../functions/src/adapters/json-logger.js';
import type { MemorySheetStore } from '../../functions/src/adapters/store/memory-store.js';
import { XlsxSheetStore } from '../../functions/src/adapters/store/xlsx-store.js';
import { createApp } from '../../functions/src/app.js';
import { loadConfig } from '../../functions/src/config.js';
import { provisionWorkbook } from '../../functions/src/provision/workbook.js';
import { runRenewWatches } from '../../functions/src/jobs/renew-watches.js';
import { FormsFake } from '../fakes/forms-watch-fake.js';
import { clock, worldStore } from '../fixtures/world.js';
import { formsGrid, TOPIC } from '../fixtures/forms-world.js';

const TOKEN = 'renew-token-0123456789abcdef';
/** The fixed clock's instant (2026-06-15T10:00:00+08:00), also the fake's "now". */
const NOW = new Date('2026-06-15T02:00:00Z');
const inHours = (hours: number) => new Date(NOW.getTime() + hours * 3600_000).toISOString();
const ourWatch = (id: string, expireTime: string, state = 'ACTIVE') => ({
  id,
  eventType: 'RESPONSES',
  target: { topic: { topicName: TOPIC } },
  createTime: NOW.toISOString(),
  expireTime,
  state,
});

let registered = 0;
let fake: FormsFake;
let memory: MemorySheetStore;
let server: Server | undefined;
let base: string;

async function serve(env: Record<string, string>): Promise<void> {
  const forms = formsApi(formsClient({ googleApiRootUrl: fake.url }, { ...FORMS_RETRY_POLICY, tries: 1 }));
  const app = createApp(loadConfig({ STORE: 'memory', ADMIN_TOKEN: TOKEN, ...env }), {
    store: memory,
    clock,
    logger: memoryLogger(),
    forms,
  });
  registered += 1;
  functions.http(`renew-under-test-${registered}`, app.handler);
  server = getTestServer(`renew-under-test-${registered}`);
  const listening = server;
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
}

const renew = (authorization = `Bearer ${TOKEN}`) => fetch(`${base}/watches/renew`, { method: 'POST', headers: { authorization } });
const formsRows = async () => ((await memory.read([FORMS_TAB.name])).get(FORMS_TAB.name)?.rows ?? []).map((row) => row.values);
const formsReplaces = () => memory.calls.filter((call) => call.method === 'replace' && call.tabs.includes(FORMS_TAB.name)).length;

beforeEach(async () => {
  fake = await new FormsFake(() => NOW).start();
  for (const formId of ['form-a', 'form-b', 'form-c', 'form-d']) fake.addForm({ formId, info: { title: formId }, items: [] });
  fake.addWatch('form-b', ourWatch('watch-b', inHours(24)));
  fake.addWatch('form-c', ourWatch('watch-c', inHours(144)));
  fake.addWatch('form-d', { ...ourWatch('watch-d', inHours(100), 'SUSPENDED'), errorType: 'PROJECT_NOT_AUTHORIZED' });
  memory = worldStore();
  memory.setGrid(
    FORMS_TAB.name,
    formsGrid([
      { kind: 'score', form_id: 'form-a', title: '成绩' },
      { kind: 'attendance', form_id: 'form-b', title: '考勤', watch_id: 'watch-b', watch_expires_at: '2026-06-16T10:00:00+08:00' },
      {
        kind: 'leave',
        form_id: 'form-c',
        title: '请假',
        watch_id: 'watch-c',
        watch_expires_at: '2026-06-21T10:00:00+08:00',
        checkpoint: '2026-06-15T09:00:00+08:00',
      },
      { kind: 'evaluation', form_id: 'form-d', title: '评估' },
    ]),
  );
});

afterEach(async () => {
  if (server?.listening) await new Promise((resolve) => server?.close(resolve));
  server = undefined;
  await fake.close();
});

describe('POST /watches/renew with four forms', () => {
  beforeEach(() => serve({ FORMS_WATCH_TOPIC: TOPIC }));

  it('creates a missing watch, renews the expiring and the suspended one, keeps the rest, and records them in one write', async () => {
    const response = await renew();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      created: 1,
      renewed: 2,
      kept: 1,
      failed: 0,
      forms: [
        { kind: 'score', form_id: 'form-a', action: 'created', expires_at: '2026-06-22T10:00:00+08:00' },
        { kind: 'attendance', form_id: 'form-b', action: 'renewed', expires_at: '2026-06-22T10:00:00+08:00' },
        { kind: 'leave', form_id: 'form-c', action: 'kept', expires_at: '2026-06-21T10:00:00+08:00' },
        { kind: 'evaluation', form_id: 'form-d', action: 'renewed', expires_at: '2026-06-22T10:00:00+08:00' },
      ],
    });
    const created = fake.http.calls.find((call) => call.method === 'POST' && call.path === '/v1/forms/form-a/watches');
    expect(created?.body).toEqual({ watch: { eventType: 'RESPONSES', target: { topic: { topicName: TOPIC } } } });
    expect(fake.watches('form-d')[0]).toMatchObject({ state: 'ACTIVE' });
    expect(formsReplaces()).toBe(1);
    expect((await formsRows()).map((row) => [row['form_id'], row['watch_id'], row['watch_expires_at'], row['checkpoint']])).toEqual([
      ['form-a', fake.watches('form-a')[0]?.id, '2026-06-22T10:00:00+08:00', null],
      ['form-b', 'watch-b', '2026-06-22T10:00:00+08:00', null],
      ['form-c', 'watch-c', '2026-06-21T10:00:00+08:00', '2026-06-15T09:00:00+08:00'],
      ['form-d', 'watch-d', '2026-06-22T10:00:00+08:00', null],
    ]);
    expect((await formsRows())[2]?.['updated_at']).toBeNull();
  });

  it('keeps everything on a second run the same day and writes nothing', async () => {
    await renew();
    const writes = formsReplaces();
    const response = await renew();
    expect(await response.json()).toMatchObject({ status: 'ok', created: 0, renewed: 0, kept: 4, failed: 0 });
    expect(formsReplaces()).toBe(writes);
  });

  it('answers 503 when a form failed, still recording the others, so Cloud Scheduler runs it again', async () => {
    memory.setGrid(
      FORMS_TAB.name,
      formsGrid([
        { kind: 'score', form_id: 'form-gone', title: '成绩' },
        { kind: 'attendance', form_id: 'form-a', title: '考勤' },
      ]),
    );
    const response = await renew();
    expect(response.status).toBe(503);
    const body = (await response.json()) as {
      code: string;
      failed: number;
      forms: { form_id: string; action: string; code?: string; message?: string }[];
    };
    expect(body).toMatchObject({ code: 'RENEWAL_INCOMPLETE', created: 1, failed: 1 });
    expect(body.forms[0]).toMatchObject({ form_id: 'form-gone', action: 'failed', code: 'NOT_FOUND' });
    expect(body.forms[0]?.message).toContain('check form_id in the Forms tab');
    expect((await formsRows()).map((row) => row['watch_id'])).toEqual([null, fake.watches('form-a')[0]?.id]);
  });

  it('refuses a caller without the token', async () => {
    expect((await renew('Bearer nope')).status).toBe(401);
    expect(fake.http.calls).toHaveLength(0);
  });
});

describe("watches owned per account, as Google keeps them (the job runs as the functions' account)", () => {
  const run = (forms = formsApi(formsClient({ googleApiRootUrl: fake.url }, { ...FORMS_RETRY_POLICY, tries: 1 }))) =>
    runRenewWatches({ store: memory, forms, clock, logger: memoryLogger(), topic: TOPIC });
  const result = (report: Awaited<ReturnType<typeof run>>, formId: string) => report.forms.find((form) => form.formId === formId);

  it('creates its own watch beside one another account made, which it neither sees nor touches', async () => {
    fake.addWatch('form-a', ourWatch('watch-of-a-person', inHours(100)), 'someone@bank.example');
    const report = await run();
    expect(result(report, 'form-a')).toMatchObject({ action: 'created' });
    expect(fake.owners('form-a')).toEqual(['someone@bank.example', 'anonymous']);
  });

  it('replaces its own watch on an old topic, which blocks a new one (FAILED_PRECONDITION), by deleting it first', async () => {
    fake.addWatch('form-a', { ...ourWatch('watch-old-topic', inHours(100)), target: { topic: { topicName: 'projects/p/topics/old' } } });
    const report = await run();
    expect(result(report, 'form-a')).toMatchObject({ action: 'created' });
    expect(fake.watches('form-a').map((watch) => watch.target?.topic?.topicName)).toEqual([TOPIC]);
  });

  it('creates a new watch when the one it was renewing expired meanwhile (NOT_FOUND)', async () => {
    // The fake's clock: the listing sees watch-b alive (1 h left), the renewal an hour and a half later finds it expired.
    let calls = 0;
    await fake.close();
    fake = await new FormsFake(() => new Date(NOW.getTime() + (calls++ === 0 ? 0 : 90 * 60_000))).start();
    fake.addForm({ formId: 'form-b', info: { title: 'form-b' }, items: [] });
    fake.addWatch('form-b', ourWatch('watch-b', inHours(1)));
    memory.setGrid(FORMS_TAB.name, formsGrid([{ kind: 'attendance', form_id: 'form-b', title: '考勤', watch_id: 'watch-b' }]));
    const report = await run();
    expect(result(report, 'form-b')).toMatchObject({ action: 'created' });
    expect(fake.watches('form-b').at(-1)?.id).not.toBe('watch-b');
  });

  it('reports a renewal refused because its account lost edit access, saying the account must stay an editor', async () => {
    fake.setEditors('form-b', ['someone@bank.example']);
    const report = await run();
    expect(result(report, 'form-b')).toMatchObject({ action: 'failed', code: 'NOT_AUTHORIZED' });
    expect(result(report, 'form-b')?.message).toContain("only as the functions' service account, which must stay an editor of every form");
  });
});

describe('the watch fake refuses what Google refuses', () => {
  const call = (path: string, method = 'GET', account?: string, body?: unknown) =>
    fetch(`${fake.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(account ? { authorization: `Bearer ${account}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const create = (account?: string) =>
    call('/v1/forms/form-a/watches', 'POST', account, { watch: { eventType: 'RESPONSES', target: { topic: { topicName: TOPIC } } } });

  it('allows one watch per account, form and event type: a second is 400 FAILED_PRECONDITION, another account’s is fine', async () => {
    expect((await create()).status).toBe(200);
    const second = await create();
    expect(second.status).toBe(400);
    expect(((await second.json()) as { error: { status: string } }).error.status).toBe('FAILED_PRECONDITION');
    expect((await create('sa@p.iam.gserviceaccount.com')).status).toBe(200);
    expect(((await (await call('/v1/forms/form-a/watches')).json()) as { watches: unknown[] }).watches).toHaveLength(1);
  });

  it('lets only the owner renew, and answers NOT_FOUND for an expired watch', async () => {
    expect((await call('/v1/forms/form-b/watches/watch-b:renew', 'POST', 'someone-else')).status).toBe(404);
    await fake.close();
    fake = await new FormsFake(() => new Date(NOW.getTime() + 48 * 3600_000)).start();
    fake.addForm({ formId: 'form-b', info: {}, items: [] });
    fake.addWatch('form-b', ourWatch('watch-b', inHours(24)));
    const expired = await call('/v1/forms/form-b/watches/watch-b:renew', 'POST');
    expect(expired.status).toBe(404);
    expect(((await expired.json()) as { error: { status: string } }).error.status).toBe('NOT_FOUND');
  });

  it('stops the notifications of a watch whose owner lost edit access, and refuses that account a new one', async () => {
    expect(fake.deliverable('form-b').map((watch) => watch.id)).toEqual(['watch-b']);
    fake.setEditors('form-b', ['sa@p.iam.gserviceaccount.com']);
    expect(fake.deliverable('form-b')).toEqual([]);
    expect((await call('/v1/forms/form-b/watches/watch-b:renew', 'POST')).status).toBe(403);
  });
});

describe('without FORMS_WATCH_TOPIC', () => {
  beforeEach(() => serve({}));

  it('answers 503 saying which variable to set', async () => {
    const response = await renew();
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      code: 'NOT_CONFIGURED',
      message: expect.stringContaining('FORMS_WATCH_TOPIC') as unknown,
    });
  });
});

describe('npm run cli -- renew-watches', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  let dir: string;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'renew-'));
  });

  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it("refuses to make watches as a person's login: they would belong to it, not to the functions' account", async () => {
    const file = path.join(dir, 'training.xlsx');
    await provisionWorkbook(file, { rows: new Map([[FORMS_TAB.name, [{ kind: 'score', form_id: 'form-a', title: '成绩' }]]]) });
    const run = promisify(execFile);
    const failure = await run(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', 'renew-watches'], {
      cwd: root,
      env: {
        ...process.env,
        WORKBOOK_PATH: file,
        FORMS_WATCH_TOPIC: TOPIC,
        GOOGLE_APPLICATION_CREDENTIALS: '',
        GOOGLE_API_ROOT_URL: '',
        IMPERSONATE_SERVICE_ACCOUNT: '',
      },
    }).then(
      () => undefined,
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('Forms watches belong to the account that creates them');
    expect(failure?.stderr).toContain('IMPERSONATE_SERVICE_ACCOUNT');
    expect(fake.http.calls).toHaveLength(0);
  });

  it('creates the watches of the local workbook, prints one line per form and exits 1 when one failed', async () => {
    const file = path.join(dir, 'training.xlsx');
    const forms = [
      { kind: 'score', form_id: 'form-a', title: '成绩' },
      { kind: 'attendance', form_id: 'form-gone', title: '考勤' },
    ];
    await provisionWorkbook(file, { rows: new Map([[FORMS_TAB.name, forms]]) });
    const run = promisify(execFile);
    const failure = await run(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', 'renew-watches'], {
      cwd: root,
      env: { ...process.env, WORKBOOK_PATH: file, GOOGLE_API_ROOT_URL: fake.url, FORMS_WATCH_TOPIC: TOPIC },
    }).then(
      () => undefined,
      (error: unknown) => error as { code: number; stdout: string },
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toMatch(
      /^score\s+form-a\s+created\s+watch 00000000-0000-4000-8000-000000000001 until 2026-06-22T10:00:00\+08:00$/m,
    );
    expect(failure?.stdout).toMatch(/^attendance form-gone\s+failed\s+NOT_FOUND Could not list the watches of form form-gone/m);
    expect(failure?.stdout).toContain('1 created, 0 renewed, 0 kept, 1 failed.');
    const rows = (await new XlsxSheetStore(file).read([FORMS_TAB.name])).get(FORMS_TAB.name)?.rows ?? [];
    expect(rows.map((row) => row.values['watch_id'])).toEqual(['00000000-0000-4000-8000-000000000001', null]);
  });
});
