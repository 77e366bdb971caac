// The local launcher's server in process: what the gate refuses is answered before the body is read; the rest reaches the framework's app.
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMS_TAB, SCORES_TAB } from '../../sheets-templates/index.js';
import { formsApi } from '../../functions/src/adapters/google/forms-api.js';
import { formsClient } from '../../functions/src/adapters/google/forms-client.js';
import { memoryLogger } from '../../functions/src/adapters/json-logger.js';
import { createApp } from '../../functions/src/app.js';
import { loadConfig } from '../../functions/src/config.js';
import { CLOUD_EVENT_SURFACE, CLOUD_EVENT_TYPES } from '../../functions/src/http/gate.js';
import { createLocalServer, pathOf, type LocalFunction } from '../../functions/src/http/local-server.js';
import { FormsFake } from '../fakes/forms-watch-fake.js';
import { formsGrid, notificationData, postCloudEvent, SCORE_FORM, SCORE_FORM_ID, scoreResponse } from '../fixtures/forms-world.js';
import { clock, SCORE_ANSWERS, submission, worldStore } from '../fixtures/world.js';

const SUBMIT = 'local-submit-0123456789abcdef';
const servers: http.Server[] = [];

async function listen(fn: LocalFunction, gate: Parameters<typeof createLocalServer>[1]['gate']): Promise<string> {
  const server = createLocalServer(fn, { gate, logger: memoryLogger(), lingerMs: 200 });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
});

/** A raw request, so headers such as Expect and Content-Encoding go out as written; whether the server asked for the body. */
function request(base: string, route: string, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; json: Record<string, unknown>; continued: boolean }>((resolve, reject) => {
    const url = new URL(route, base);
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers });
    let continued = false;
    req.on('continue', () => {
      continued = true;
      req.end(body);
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown>, continued }));
    });
    req.on('error', reject);
    if (headers['expect'] === undefined) req.end(body);
  });
}

describe('the training function behind the local server', () => {
  let base: string;
  const store = worldStore();
  beforeAll(async () => {
    const app = createApp(loadConfig({ STORE: 'memory', SUBMIT_TOKEN: SUBMIT, RECOMPUTE_ON_SUBMIT: 'off', MAILER: 'off' }), {
      store,
      clock,
      logger: memoryLogger(),
    });
    base = await listen({ signature: 'http', handler: app.handler }, app.gate);
  });
  const auth = { 'content-type': 'application/json', authorization: `Bearer ${SUBMIT}` };

  it('passes an admitted submission to the framework and the function', async () => {
    const body = JSON.stringify(submission('score', SCORE_ANSWERS));
    expect(await request(base, '/submissions', { ...auth, 'content-length': String(Buffer.byteLength(body)) }, body)).toMatchObject({
      status: 200,
      json: { status: 'accepted' },
    });
  });

  it('does not take a request naming another host as one from this computer (DNS rebinding)', async () => {
    const app = createApp(loadConfig({ STORE: 'memory', RECOMPUTE_ON_SUBMIT: 'off', MAILER: 'off' }), {
      store: worldStore(),
      clock,
      logger: memoryLogger(),
    });
    const open = await listen({ signature: 'http', handler: app.handler }, app.gate);
    const body = JSON.stringify(submission('score', SCORE_ANSWERS));
    const rebound = await request(open, '/submissions', { 'content-type': 'application/json', host: 'evil.example' }, body);
    expect(rebound).toMatchObject({ status: 401, json: { status: 'unauthorized' } });
    const local = await request(open, '/submissions', { 'content-type': 'application/json', host: 'localhost' }, body);
    expect(local.status).toBe(200);
  });

  it('grants no CORS preflight, so a web page cannot send JSON across sites', async () => {
    const response = await fetch(`${base}/submissions`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(response.status).toBe(405);
    expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it('refuses a gzip-encoded body, which would otherwise be inflated far past the limit', async () => {
    const answer = await request(base, '/submissions', { ...auth, 'content-encoding': 'gzip' }, 'not really gzip');
    expect(answer).toMatchObject({ status: 415, json: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
  });

  it('answers Expect: 100-continue with 413 for a body over the limit, so the client never sends it', async () => {
    const answer = await request(base, '/submissions', { ...auth, 'content-length': String(50 * 1024 * 1024), expect: '100-continue' }, '');
    expect(answer).toMatchObject({ status: 413, continued: false });
  });

  it('asks for the body of an admitted Expect: 100-continue request', async () => {
    const body = JSON.stringify(submission('score', { ...SCORE_ANSWERS, score: 150 }));
    const headers = { ...auth, 'content-length': String(Buffer.byteLength(body)), expect: '100-continue' };
    expect(await request(base, '/submissions', headers, body)).toMatchObject({ status: 422, continued: true });
  });

  it('answers a chunked body that passes the limit with 413', async () => {
    const answer = await request(base, '/submissions', { ...auth, 'transfer-encoding': 'chunked' }, `{"id":"${'x'.repeat(70_000)}"}`);
    expect(answer).toMatchObject({ status: 413, json: { code: 'TOO_LARGE' } });
  });

  it('answers a body nested 5,000 deep with a 400 that says so, storing nothing', async () => {
    const calls = store.calls.length;
    const body = `{"id":"deep","kind":"score","answers":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    expect(await request(base, '/submissions', auth, body)).toEqual({
      status: 400,
      json: { status: 'bad_request', message: 'body is nested more than 32 levels deep; a submission needs 3' },
      continued: false,
    });
    expect(store.calls.length).toBe(calls);
  });

  it('answers a body that ends before its Content-Length with 400', async () => {
    const answer = await new Promise<number>((resolve) => {
      const url = new URL('/submissions', base);
      const req = http.request({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { ...auth, 'content-length': '100' },
      });
      req.on('response', (res) => resolve(res.statusCode ?? 0));
      req.on('error', () => resolve(0));
      req.write('{"id":');
      setTimeout(() => req.socket?.end(), 50);
    });
    expect(answer).toBe(400);
  });
});

describe('pathOf', () => {
  it.each([
    { url: '/submissions?x=1', path: '/submissions' },
    { url: '/submissions#frag', path: '/submissions' },
    { url: '//submissions', path: '//submissions' },
    { url: 'http://example.com/recompute?x', path: '/recompute' },
    { url: '*', path: '*' },
  ])('$url → $path', ({ url, path: expected }) => {
    expect(pathOf(url)).toBe(expected);
  });
});

describe('a workbook that cannot be opened', () => {
  let dir: string;
  let base: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'local-503-'));
    const config = loadConfig({ WORKBOOK_PATH: 'data/missing.xlsx', MAILER: 'off', RECOMPUTE_ON_SUBMIT: 'off' }, dir);
    const app = createApp(config, { clock, logger: memoryLogger() });
    base = await listen({ signature: 'http', handler: app.handler }, app.gate);
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('answers 503 naming the workbook as configured, never the absolute path', async () => {
    const answer = await request(
      base,
      '/submissions',
      { 'content-type': 'application/json' },
      JSON.stringify(submission('score', SCORE_ANSWERS)),
    );
    expect(answer).toEqual({
      status: 503,
      json: {
        status: 'error',
        code: 'NOT_FOUND',
        message: 'Workbook not found at data/missing.xlsx; run `npm run cli -- provision` to create it',
      },
      continued: false,
    });
    expect(JSON.stringify(answer.json)).not.toContain(dir);
  });
});

describe('the formsWatch CloudEvent function behind the local server', () => {
  let base: string;
  const fake = new FormsFake();
  const store = worldStore();
  beforeAll(async () => {
    await fake.start();
    fake.addForm(SCORE_FORM);
    fake.submit(SCORE_FORM_ID, scoreResponse('ACYDBNj-local-1', '2026-06-15T01:00:01.5Z', { trainee: 'T002', score: '86' }));
    store.setGrid(FORMS_TAB.name, formsGrid([{ kind: 'score', form_id: SCORE_FORM_ID, title: '考核成绩登记' }]));
    const app = createApp(loadConfig({ STORE: 'memory', MAILER: 'off', RECOMPUTE_ON_SUBMIT: 'off' }), {
      store,
      clock,
      logger: memoryLogger(),
      forms: formsApi(formsClient({ googleApiRootUrl: fake.url })),
    });
    base = await listen(
      { signature: 'cloudevent', handler: (event) => app.formsWatch(event) },
      { ...app.gate, surface: CLOUD_EVENT_SURFACE, mediaTypes: CLOUD_EVENT_TYPES },
    );
  });
  afterAll(() => fake.close());

  it('refuses a text/plain POST with 415', async () => {
    const response = await fetch(base, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(response.status).toBe(415);
  });

  it.each(['structured', 'binary'] as const)('takes a Pub/Sub notification in %s mode and stores the response', async (mode) => {
    const response = await postCloudEvent(base, `msg-local-${mode}`, notificationData(SCORE_FORM_ID, `msg-local-${mode}`), mode);
    expect(response.status).toBe(204);
    const rows = (await store.read([SCORES_TAB.name])).get(SCORES_TAB.name)?.rows ?? [];
    expect(rows.map((row) => row.values['submission_id'])).toEqual(['ACYDBNj-local-1']);
  });
});
