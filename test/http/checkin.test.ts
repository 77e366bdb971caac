// QR check-in end to end through the local launcher (the gate, then the Functions Framework app): the page, the check-in, its limits.
import { promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../functions/src/adapters/json-logger.js';
import { XlsxSheetStore } from '../../functions/src/adapters/store/xlsx-store.js';
import { createApp } from '../../functions/src/app.js';
import { loadConfig } from '../../functions/src/config.js';
import { createLocalServer } from '../../functions/src/http/local-server.js';
import { provisionWorkbook } from '../../functions/src/provision/workbook.js';
import { COURSES, TRAINEES } from '../fixtures/world.js';
import { CHECKIN_SECRET, SESSIONS, movableClock, session3Query } from '../fixtures/checkin-world.js';

let dir: string;
let file: string;
let server: Server;
let base: string;
let app: ReturnType<typeof createApp>;
const clock = movableClock('2026-06-15T09:10:00+08:00');

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'checkin-'));
  file = path.join(dir, 'training.xlsx');
  await provisionWorkbook(file, {
    rows: new Map([
      ['Plan', COURSES],
      ['Roster', TRAINEES],
      ['Sessions', SESSIONS],
    ]),
  });
  const config = loadConfig({
    WORKBOOK_PATH: file,
    MAILER: 'off',
    SUBMIT_TOKEN: 'test-token-0123456789abcdef',
    RECOMPUTE_ON_SUBMIT: 'off',
    CHECKIN_SECRET,
  });
  app = createApp(config, { clock, logger: memoryLogger() });
  server = createLocalServer({ signature: 'http', handler: app.handler }, { gate: app.gate, logger: memoryLogger(), lingerMs: 200 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await app.store.flush?.();
  await fs.rm(dir, { recursive: true, force: true, maxRetries: 5 });
});

/** The signature with one character replaced by its neighbour in the base64url alphabet (A↔B, …). */
function flip(sig: string, at: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const index = alphabet.indexOf(sig[at] ?? 'A');
  return `${sig.slice(0, at)}${alphabet[index ^ 1] ?? 'A'}${sig.slice(at + 1)}`;
}

const open = (query: URLSearchParams) => fetch(`${base}/checkin?${query.toString()}`);

function checkIn(query: URLSearchParams, traineeId: string): Promise<Response> {
  const body = new URLSearchParams(query);
  body.set('trainee_id', traineeId);
  return fetch(`${base}/checkin?${query.toString()}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
}

async function attendance(): Promise<Record<string, unknown>[]> {
  await app.store.flush?.();
  const rows = (await new XlsxSheetStore(file).read(['Attendance'])).get('Attendance')?.rows ?? [];
  return rows.map((row) => row.values);
}

describe('a check-in link inside its window', () => {
  it('opens a page with the session, Chinese first, escaped, and locked down', async () => {
    clock.set('2026-06-15T08:35:00+08:00');
    const response = await open(session3Query());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const page = await response.text();
    expect(page).toContain('扫码签到');
    expect(page).toContain('对公业务营销技巧与案例');
    expect(page).toContain('2026-06-15 09:00–12:00');
    // The room text holds markup; the page shows it as text.
    expect(page).toContain('总行培训中心 301 &lt;b&gt;室&lt;/b&gt;');
    expect(page).not.toContain('<b>室');
    expect(page).toContain('name="viewport"');
  });

  it('records the check-in as an attendance row, present, by 扫码签到', async () => {
    clock.set('2026-06-15T09:05:00+08:00');
    const response = await checkIn(session3Query(), ' t002 ');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('签到成功');
    const rows = await attendance();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      submission_id: 'checkin:C-PRO-CORP:3:T002',
      course_id: 'C-PRO-CORP',
      trainee_id: 'T002',
      session: 3,
      session_date: '2026-06-15',
      status: '出勤',
      recorded_by: '扫码签到',
      submitted_at: '2026-06-15T09:05:00+08:00',
    });
  });

  it('answers a second check-in of the same trainee and session as a duplicate, not a second row', async () => {
    clock.set('2026-06-15T09:20:00+08:00');
    const response = await checkIn(session3Query(), 'Ｔ００２');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('您已签到');
    expect(await attendance()).toHaveLength(1);
  });

  it('refuses an unknown trainee with the reason, keeps it in Rejected, and shows the form again', async () => {
    clock.set('2026-06-15T09:25:00+08:00');
    const response = await checkIn(session3Query(), 'T999<script>');
    expect(response.status).toBe(422);
    const page = await response.text();
    expect(page).toContain('签到未成功');
    expect(page).toContain('不在学员名册中');
    expect(page).not.toContain('<script>');
    expect(page).toContain('value="T999&lt;script&gt;"');
    await app.store.flush?.();
    const rejected = (await new XlsxSheetStore(file).read(['Rejected'])).get('Rejected')?.rows ?? [];
    expect(rejected.map((row) => row.values['submission_id'])).toContain('checkin:C-PRO-CORP:3:T999<SCRIPT>');
  });
});

describe('a check-in link outside its window or altered', () => {
  it.each([
    { name: 'more than 30 minutes before the start', at: '2026-06-15T08:29:00+08:00', says: '尚未开放签到' },
    { name: 'more than 30 minutes after the end', at: '2026-06-15T12:31:00+08:00', says: '签到已结束' },
    { name: 'the next day (a link sent home)', at: '2026-06-16T09:05:00+08:00', says: '签到已结束' },
  ])('is refused $name, on the page and on the POST', async ({ at, says }) => {
    clock.set(at);
    const page = await open(session3Query());
    expect(page.status).toBe(403);
    const text = await page.text();
    expect(text).toContain(says);
    expect(text).toContain('无法签到');
    const before = (await attendance()).length;
    expect((await checkIn(session3Query(), 'T001')).status).toBe(403);
    expect(await attendance()).toHaveLength(before);
  });

  it.each([
    { name: 'another session', change: (q: URLSearchParams) => q.set('session', '4') },
    { name: 'a later end', change: (q: URLSearchParams) => q.set('exp', String(Number(q.get('exp')) + 86_400)) },
    { name: 'another course', change: (q: URLSearchParams) => q.set('course', 'C-ASSIST-01') },
    { name: 'its first signature character changed', change: (q: URLSearchParams) => q.set('sig', flip(q.get('sig') ?? '', 0)) },
    // The last character carries two unused bits: B and A decode alike, and must still be refused.
    { name: 'its last signature character changed', change: (q: URLSearchParams) => q.set('sig', flip(q.get('sig') ?? '', 42)) },
    {
      name: 'a signature made with another key',
      change: (q: URLSearchParams) => q.set('sig', session3Query('another-secret-0123456789abcdefghijkl').get('sig') ?? ''),
    },
  ])('refuses a link with $name as not genuine', async ({ change }) => {
    clock.set('2026-06-15T09:30:00+08:00');
    const query = session3Query();
    change(query);
    const response = await open(query);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('签到链接无效或已被改动');
    expect((await checkIn(query, 'T001')).status).toBe(403);
  });

  it('refuses a page without a link', async () => {
    const response = await fetch(`${base}/checkin`);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('这不是有效的签到链接');
  });

  it('refuses a check-in posted as JSON or with no type (the form posts urlencoded only)', async () => {
    const response = await fetch(`${base}/checkin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(415);
  });
});

describe('under the Functions Framework server alone (as deployed, no local launcher in front)', () => {
  it('reads the urlencoded form the framework has parsed, and records the check-in', async () => {
    const { getTestServer } = await import('@google-cloud/functions-framework/testing');
    const functions = await import('@google-cloud/functions-framework');
    functions.http('checkin-under-framework', app.handler);
    const framework = getTestServer('checkin-under-framework');
    await new Promise<void>((resolve) => framework.listen(0, '127.0.0.1', resolve));
    try {
      clock.set('2026-06-15T10:00:00+08:00');
      const query = session3Query();
      const body = new URLSearchParams(query);
      body.set('trainee_id', 'T001');
      const response = await fetch(`http://127.0.0.1:${(framework.address() as AddressInfo).port}/checkin`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      });
      const page = await response.text();
      // T001 is 助理级 and C-PRO-CORP 专业级: the submit path's own rule answers, so the body was read.
      expect(response.status).toBe(422);
      expect(page).toContain('未报名');
    } finally {
      await new Promise((resolve) => framework.close(resolve));
    }
  });
});
