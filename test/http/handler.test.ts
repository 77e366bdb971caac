// The HTTP surface through the real Functions Framework server (as deployed): answers, limits, auth, logs, the workbook behind it.
import { promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../functions/src/adapters/json-logger.js';
import { XlsxSheetStore } from '../../functions/src/adapters/store/xlsx-store.js';
import { createApp } from '../../functions/src/app.js';
import { loadConfig } from '../../functions/src/config.js';
import { provisionWorkbook } from '../../functions/src/provision/workbook.js';
import { COURSES, TRAINEES, clock, SCORE_ANSWERS, submission } from '../fixtures/world.js';

const TOKEN = 'test-token-0123456789abcdef';
const ADMIN = 'test-admin-0123456789abcdef';
let dir: string;
let server: Server;
let base: string;
const logger = memoryLogger();

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'http-'));
  const file = path.join(dir, 'training.xlsx');
  await provisionWorkbook(file, {
    rows: new Map([
      ['Plan', COURSES],
      ['Roster', TRAINEES],
    ]),
  });
  const config = loadConfig({
    WORKBOOK_PATH: file,
    OUTBOX_DIR: path.join(dir, 'outbox'),
    SUBMIT_TOKEN: TOKEN,
    ADMIN_TOKEN: ADMIN,
    RECOMPUTE_ON_SUBMIT: 'wait',
  });
  const app = createApp(config, { clock, logger });
  functions.http('training-under-test', app.handler);
  server = getTestServer('training-under-test');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await fs.rm(dir, { recursive: true, force: true, maxRetries: 5 });
});

function post(body: string | object, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('the submission endpoint', () => {
  it('accepts a valid submission and writes it to the workbook', async () => {
    const body = submission('score', SCORE_ANSWERS);
    const response = await post(body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'accepted' });
    const rows = (await new XlsxSheetStore(path.join(dir, 'training.xlsx')).read(['Scores'])).get('Scores')?.rows ?? [];
    expect(rows.map((row) => row.values['submission_id'])).toContain(body['id']);
  });

  it('answers duplicate for an id already stored', async () => {
    const body = submission('score', { ...SCORE_ANSWERS, component: 'project' });
    expect((await post(body)).status).toBe(200);
    const again = await post(body);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: 'duplicate' });
  });

  it('answers 422 with the reasons for an invalid entry', async () => {
    const response = await post(
      submission('score', { trainee_id: 'T004', course_id: 'C-PRO-RETAIL', component: 'paper', attempt: 1, score: 150 }),
    );
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ status: 'rejected', errors: [{ field: 'score', message: '分数：必须在 0 到 100 之间' }] });
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'refuses a JSON body sent as %s (what a web page may send across sites) with 415, storing nothing',
    async (type) => {
      const body = submission('score', { ...SCORE_ANSWERS, component: 'exam', trainee_id: 'T004', course_id: 'C-PRO-RETAIL' });
      const response = await post(JSON.stringify(body), { 'content-type': type });
      expect(response.status).toBe(415);
      expect(await response.json()).toMatchObject({ status: 'unsupported_media_type', code: 'UNSUPPORTED_MEDIA_TYPE' });
      const tables = await new XlsxSheetStore(path.join(dir, 'training.xlsx')).read(['Scores', 'Rejected']);
      expect(JSON.stringify([...tables.values()].map((table) => table.rows))).not.toContain(String(body['id']));
    },
  );

  const bad: { name: string; body: string; headers?: Record<string, string>; status: number }[] = [
    { name: 'a body that is not JSON', body: '{"id": ', status: 400 },
    { name: 'a JSON array', body: '[1,2]', status: 400 },
    { name: 'a JSON string', body: '"hello"', status: 400 },
    { name: 'JSON null', body: 'null', status: 400 },
    { name: 'an empty body', body: '', status: 400 },
    { name: 'an object with no envelope at all', body: '{"junk":"x"}', status: 400 },
    { name: 'a body nested 5,000 deep', body: `{"answers":${'['.repeat(5000)}${']'.repeat(5000)}}`, status: 400 },
    { name: 'an octet stream', body: '{}', headers: { 'content-type': 'application/octet-stream' }, status: 415 },
    { name: 'JSON in another charset', body: '{}', headers: { 'content-type': 'application/json; charset=gbk' }, status: 415 },
    { name: 'a body over 64 KiB', body: JSON.stringify(submission('score', { ...SCORE_ANSWERS, note: 'x'.repeat(70_000) })), status: 413 },
    { name: 'no bearer token', body: '{}', headers: { authorization: '' }, status: 401 },
    { name: 'a wrong bearer token', body: '{}', headers: { authorization: 'Bearer nope' }, status: 401 },
    {
      name: 'a token of the right length but wrong',
      body: '{}',
      headers: { authorization: `Bearer ${'x'.repeat(TOKEN.length)}` },
      status: 401,
    },
  ];

  it.each(bad)('answers $status to $name and keeps serving', async ({ body, headers, status }) => {
    const response = await post(body, headers);
    expect(response.status).toBe(status);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('answers 404 and 405 for other routes and methods', async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    const wrong = await fetch(`${base}/submissions`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
  });

  it('logs one line per request with ids, outcome and time, and no personal data', async () => {
    const body = submission('score', { ...SCORE_ANSWERS, component: 'exam', attempt: 1, trainee_id: 'T999' });
    await post(body);
    const line = logger.lines.find((entry) => entry['id'] === body['id']);
    expect(line).toMatchObject({
      severity: 'INFO',
      message: 'request',
      path: '/submissions',
      kind: 'score',
      outcome: 'rejected',
      status: 422,
    });
    expect(typeof line?.['ms']).toBe('number');
    const all = JSON.stringify(logger.lines);
    for (const secret of ['张伟', '李娜', 'bank.example', TOKEN]) expect(all).not.toContain(secret);
  });
});

describe('the recompute endpoint', () => {
  it('refuses a caller without the admin token, and a form holding the submit token', async () => {
    expect((await fetch(`${base}/recompute`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${base}/recompute`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(401);
  });

  it('recomputes every derived tab and answers with the counts', async () => {
    const response = await fetch(`${base}/recompute`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', summary: expect.any(Number) as unknown, grades: expect.any(Number) as unknown });
    const tables = await new XlsxSheetStore(path.join(dir, 'training.xlsx')).read(['Grades', 'Summary']);
    expect(tables.get('Grades')?.rows.length).toBe(body['grades']);
    expect(tables.get('Summary')?.rows[0]?.values['section']).toBe('总览');
  });

  it('has already graded an accepted score, since submissions recompute before answering here', async () => {
    const body = submission('score', { trainee_id: 'T002', course_id: 'C-PRO-CORP', component: 'project', attempt: 1, score: 91 });
    await post(body);
    const grades = (await new XlsxSheetStore(path.join(dir, 'training.xlsx')).read(['Grades'])).get('Grades')?.rows ?? [];
    const row = grades.find((r) => r.values['trainee_id'] === 'T002' && r.values['course_id'] === 'C-PRO-CORP');
    expect(row?.values['status']).toBe('进行中');
  });
});

describe('the feedback endpoint', () => {
  const send = (body: object | undefined, headers: Record<string, string> = { authorization: `Bearer ${ADMIN}` }, query = '') =>
    fetch(`${base}/feedback/send${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('refuses the preview and the sending to a caller without the admin token, the submit token included', async () => {
    for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }]) {
      const response = await send({ dryRun: true, sendNow: true }, headers);
      expect(response.status).toBe(401);
      expect(JSON.stringify(await response.json())).not.toContain('@bank.example');
    }
  });

  it('refuses options it does not know', async () => {
    const response = await send({ dryRun: 'yes', everyone: true });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/dryRun.*everyone|everyone.*dryRun/);
  });

  it('previews what is due on a dry run and sends nothing', async () => {
    const response = await send({ sendNow: true }, { authorization: `Bearer ${ADMIN}` }, '?dry_run=1');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { sent: number; preview: { to: string; subject: string }[] };
    expect(body.sent).toBe(0);
    // The course that ended in March had no scores: both enrolled trainees missed it.
    expect(body.preview.map((message) => [message.to, message.subject])).toEqual([
      ['zhang.wei@bank.example', '【培训反馈】银行客户经理概论：缺考'],
      ['liu.yang@bank.example', '【培训反馈】银行客户经理概论：缺考'],
    ]);
    await expect(fs.readdir(path.join(dir, 'outbox'))).rejects.toThrow();
  });

  it('sends what is due when told to send now, into the outbox, once', async () => {
    const first = (await (await send({ sendNow: true })).json()) as { sent: number };
    const second = (await (await send({ sendNow: true })).json()) as { sent: number };
    expect(first.sent).toBe(2);
    expect(second.sent).toBe(0);
    expect(await fs.readdir(path.join(dir, 'outbox'))).toHaveLength(first.sent);
  });
});

describe('the health endpoint', () => {
  it('answers ok, with the workbook saved and nothing waiting', async () => {
    await new XlsxSheetStore(path.join(dir, 'training.xlsx')).settle();
    const response = await fetch(`${base}/healthz`);
    expect(await response.json()).toEqual({ status: 'ok', workbook: 'ok', pending: 0 });
  });
});
