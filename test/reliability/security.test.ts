// Issue 12's attacks, replayed through the real servers: floods refused before they are read, junk kept out of the workbook,
// cross-site "simple" requests refused, and a trainee's identity that an enrollment cannot take over.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER_TAB, REJECTED_TAB } from '../../sheets-templates/index.js';
import { memoryLogger } from '../../functions/src/adapters/json-logger.js';
import { XlsxSheetStore } from '../../functions/src/adapters/store/xlsx-store.js';
import { createApp, type App } from '../../functions/src/app.js';
import { loadConfig } from '../../functions/src/config.js';
import { cellText } from '../../functions/src/core/cells.js';
import { createLocalServer } from '../../functions/src/http/local-server.js';
import { provisionWorkbook } from '../../functions/src/provision/workbook.js';
import { freePort } from '../fixtures/free-port.js';
import { clock, COURSES, SCORE_ANSWERS, submission, TRAINEES } from '../fixtures/world.js';
import { reportFigures } from './storm.js';

const root = path.resolve(import.meta.dirname, '../..');
const bundleDir = path.join(root, 'dist', `reliability-security-${process.pid}`);
const MB = 1024 * 1024;
const SUBMIT = 'security-submit-0123456789ab';
const ADMIN = 'security-admin-0123456789abc';
let dir: string;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'security-'));
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await fs.rm(bundleDir, { recursive: true, force: true });
  await fs.rm(dir, { recursive: true, force: true });
});

/** A fresh workbook of the small world, and the launcher's server for it in this process. */
async function serveWorkbook(name: string, env: Record<string, string>): Promise<{ base: string; file: string; app: App }> {
  const file = path.join(dir, name, 'training.xlsx');
  await provisionWorkbook(file, {
    rows: new Map([
      ['Plan', COURSES],
      ['Roster', TRAINEES],
    ]),
  });
  const config = loadConfig({ WORKBOOK_PATH: file, OUTBOX_DIR: path.join(dir, name, 'outbox'), RECOMPUTE_ON_SUBMIT: 'off', ...env });
  const app = createApp(config, { clock, logger: memoryLogger() });
  const server = createLocalServer({ signature: 'http', handler: app.handler }, { gate: app.gate, logger: memoryLogger() });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, file, app };
}

async function post(base: string, route: string, body: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(`${base}${route}`, { method: 'POST', headers, body });
  await response.arrayBuffer();
  return response.status;
}

/** Answers in batches of `width` at once, their statuses counted. */
async function burst(count: number, width: number, send: (i: number) => Promise<number>): Promise<Record<number, number>> {
  const statuses: Record<number, number> = {};
  for (let start = 0; start < count; start += width) {
    const answers = await Promise.all(Array.from({ length: Math.min(width, count - start) }, (_, k) => send(start + k)));
    for (const status of answers) statuses[status] = (statuses[status] ?? 0) + 1;
  }
  return statuses;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Milliseconds of valid submissions one after another, each a new score. */
async function timeValid(base: string, count: number, offset: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const body = submission('score', {
      ...SCORE_ANSWERS,
      trainee_id: 'T004',
      course_id: 'C-PRO-RETAIL',
      component: 'paper',
      attempt: 1,
      score: 60 + i,
    });
    body['id'] = `valid-${offset + i}`;
    const started = performance.now();
    await post(base, '/submissions', JSON.stringify(body), { 'content-type': 'application/json', authorization: `Bearer ${SUBMIT}` });
    times.push(performance.now() - started);
  }
  return Math.round(median(times));
}

describe('300 junk bodies of 60 KB', () => {
  it(
    'leave the workbook as it was when unauthenticated or without an envelope, and add about 2 KB each when authenticated and rejected',
    { timeout: 240_000 },
    async () => {
      const { base, file } = await serveWorkbook('junk', { SUBMIT_TOKEN: SUBMIT, MAX_BODY_BYTES: String(64 * 1024) });
      // Random text, so the workbook's zip compression cannot hide what is kept.
      const noise = Array.from({ length: 300 }, () => randomBytes(45_000).toString('base64'));
      const junk = (i: number) =>
        JSON.stringify({
          id: `junk-${i}`,
          kind: 'score',
          submittedAt: '2026-06-15T09:00:00+08:00',
          answers: { comment: noise[i] },
        });
      const bare = (i: number) => JSON.stringify({ junk: noise[i] });
      const before = { bytes: (await fs.stat(file)).size, ms: await timeValid(base, 9, 0) };
      const sizeAfterValid = (await fs.stat(file)).size;

      const types = ['application/json', 'text/plain', 'application/x-www-form-urlencoded'];
      const unauthenticated = await burst(300, 30, (i) => post(base, '/submissions', junk(i), { 'content-type': types[i % 3] ?? '' }));
      const noEnvelope = await burst(300, 30, (i) =>
        post(base, '/submissions', bare(i), { 'content-type': 'application/json', authorization: `Bearer ${SUBMIT}` }),
      );
      const sizeAfterRefused = (await fs.stat(file)).size;
      const rejected = await burst(300, 30, (i) =>
        post(base, '/submissions', junk(i), { 'content-type': 'application/json', authorization: `Bearer ${SUBMIT}` }),
      );
      const retried = await burst(300, 30, (i) =>
        post(base, '/submissions', junk(i), { 'content-type': 'application/json', authorization: `Bearer ${SUBMIT}` }),
      );
      const after = { bytes: (await fs.stat(file)).size, ms: await timeValid(base, 9, 9) };

      expect(unauthenticated).toEqual({ 401: 300 });
      expect(noEnvelope).toEqual({ 400: 300 });
      expect(sizeAfterRefused).toBe(sizeAfterValid);
      expect(rejected).toEqual({ 422: 300 });
      expect(retried).toEqual({ 422: 300 });
      const kept = ((await new XlsxSheetStore(file).read([REJECTED_TAB.name])).get(REJECTED_TAB.name)?.rows ?? []).filter((row) =>
        cellText(row.values['submission_id']).startsWith('junk-'),
      );
      expect(kept).toHaveLength(300);
      for (const row of kept) expect(cellText(row.values['raw']).length).toBeLessThan(2100);
      const growthKb = Math.round((after.bytes - sizeAfterValid) / 1024);
      // Before issue 12 the same 300 bodies, unauthenticated, grew a 143 KB workbook to 9.4 MB.
      expect(growthKb).toBeLessThan(1024);
      reportFigures('junk', {
        unauthenticated: '300 × 401 (100 JSON, 100 text/plain, 100 form-encoded)',
        withoutEnvelope: '300 × 400',
        workbookGrowthFromRefusedKb: (sizeAfterRefused - sizeAfterValid) / 1024,
        rejectedAuthenticated: '300 × 422, retried: 300 × 422, 300 rows kept',
        workbookKb: { before: Math.round(before.bytes / 1024), after: Math.round(after.bytes / 1024) },
        growthFrom300RejectedKb: growthKb,
        validSubmissionMedianMs: { before: before.ms, after: after.ms },
      });
    },
  );
});

describe('a web page a staff member opens', () => {
  it('cannot submit, send or preview with a "simple" cross-site request on the default local server', async () => {
    const { base, file } = await serveWorkbook('csrf', {});
    const simple = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=----x'];
    const statuses: number[] = [];
    for (const type of simple) {
      statuses.push(await post(base, '/submissions', JSON.stringify(submission('score', SCORE_ANSWERS)), { 'content-type': type }));
      statuses.push(await post(base, '/feedback/send', '{"sendNow":true}', { 'content-type': type }));
      statuses.push(await post(base, '/feedback/send?dry_run=1', '{"dryRun":true,"sendNow":true}', { 'content-type': type }));
    }
    expect(statuses).toEqual([415, 401, 401, 415, 401, 401, 415, 401, 401]);
    await expect(fs.readdir(path.join(dir, 'csrf', 'outbox'))).rejects.toThrow();
    const tables = await new XlsxSheetStore(file).read(['Scores', REJECTED_TAB.name]);
    expect([...tables.values()].every((table) => table.rows.length === 0)).toBe(true);
    reportFigures('cross-site', { requests: statuses.length, refused: statuses.length, sent: 0, stored: 0 });
  });
});

describe('an enrollment naming an existing trainee id with another e-mail, a new cohort and submittedAt 2000-01-01', () => {
  it('is refused with a reason; the trainee keeps their e-mail, and their results still go to it', async () => {
    const { base, file } = await serveWorkbook('takeover', { SUBMIT_TOKEN: SUBMIT, ADMIN_TOKEN: ADMIN });
    const attack = (submittedAt: string) =>
      fetch(`${base}/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${SUBMIT}` },
        body: JSON.stringify(
          submission(
            'enrollment',
            {
              trainee_id: 'T001',
              name: '张伟',
              email: 'thief@evil.example',
              branch: '北京分行',
              level: '助理级',
              direction: '对公',
              cohort: '2026-助理级-0期',
            },
            { submittedAt },
          ),
        ),
      });
    const answers = [];
    for (const at of ['2000-01-01T00:00:00+08:00', '2026-06-15T09:00:00+08:00']) {
      const response = await attack(at);
      answers.push({ status: response.status, body: (await response.json()) as { errors: { field: string; message: string }[] } });
    }
    expect(answers.map((answer) => answer.status)).toEqual([422, 422]);
    expect(answers[0]?.body.errors.map((error) => error.field)).toEqual(['submittedAt', 'trainee_id']);
    expect(answers[1]?.body.errors).toEqual([
      {
        field: 'trainee_id',
        message:
          '学员编号：学员 T001 已在学员名册中，但姓名或邮箱与本次报名不同；报名不能更改已有学员的信息，如需更改邮箱，请培训管理员在学员名册中修改',
      },
    ]);
    const roster = (await new XlsxSheetStore(file).read([ROSTER_TAB.name])).get(ROSTER_TAB.name)?.rows ?? [];
    expect(roster.filter((row) => row.values['trainee_id'] === 'T001').map((row) => row.values['email'])).toEqual([
      'zhang.wei@bank.example',
    ]);
    const preview = await fetch(`${base}/feedback/send?dry_run=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ sendNow: true }),
    });
    const recipients = ((await preview.json()) as { preview: { to: string }[] }).preview.map((message) => message.to);
    expect(recipients).toContain('zhang.wei@bank.example');
    expect(recipients.join()).not.toContain('evil.example');
    reportFigures('takeover', { attempts: answers.length, refused: 2, rosterRowsOfT001: 1, previewRecipients: recipients.length });
  });
});

describe('floods at the launcher (npm start), in a process of its own', () => {
  let child: ChildProcess;
  let base: string;
  beforeAll(async () => {
    await build({
      entryPoints: { serve: path.join(root, 'scripts/serve.ts') },
      outdir: bundleDir,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'warning',
    });
    const file = path.join(dir, 'flood', 'training.xlsx');
    await provisionWorkbook(file, { rows: new Map([['Plan', COURSES]]) });
    const port = await freePort();
    child = spawn(process.execPath, [path.join(bundleDir, 'serve.js')], {
      cwd: dir,
      env: { ...process.env, PORT: String(port), WORKBOOK_PATH: file, MAILER: 'off', LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    closers.push(() => (child.kill('SIGTERM'), exited));
    base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 20_000;
    while (!output.includes('Serving ')) {
      if (Date.now() > deadline) throw new Error(`the launcher did not come up: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  const rssMb = () =>
    Number(
      execFileSync('ps', ['-o', 'rss=', '-p', String(child.pid)])
        .toString()
        .trim(),
    ) / 1024;

  /** Streams junk as fast as the server takes it until it answers. */
  function flood(route: string, total: number, headers: Record<string, string>) {
    const before = rssMb();
    const url = new URL(route, base);
    return new Promise<{ status: number; ms: number; sentMb: number; growthMb: number }>((resolve, reject) => {
      const started = performance.now();
      const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers });
      const chunk = Buffer.alloc(MB, '{');
      let sent = 0;
      let answered = false;
      req.on('response', (res) => {
        answered = true;
        const ms = Math.round(performance.now() - started);
        res.resume();
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, ms, sentMb: sent / MB, growthMb: Math.round((rssMb() - before) * 10) / 10 });
          req.destroy();
        });
      });
      req.on('error', (error) => {
        if (!answered) reject(error);
      });
      const pump = () => {
        while (sent < total && !answered) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (sent >= total) req.end();
      };
      pump();
    });
  }

  it('answers 300 MB with Content-Length (413), chunked (413) and an unauthenticated 100 MB preview (401) within a second, growing < 50 MB', async () => {
    const declared = await flood('/submissions', 300 * MB, { 'content-type': 'application/json', 'content-length': String(300 * MB) });
    const chunked = await flood('/submissions', 300 * MB, { 'content-type': 'application/json' });
    const preview = await flood('/feedback/send', 100 * MB, { 'content-type': 'application/json', 'content-length': String(100 * MB) });
    expect([declared.status, chunked.status, preview.status]).toEqual([413, 413, 401]);
    for (const answer of [declared, chunked, preview]) {
      expect(answer.ms).toBeLessThan(1000);
      expect(answer.growthMb).toBeLessThan(50);
    }
    expect(chunked.sentMb).toBeLessThan(50);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    reportFigures('floods', {
      contentLength300Mb: declared,
      chunked300Mb: chunked,
      unauthenticatedPreview100Mb: preview,
      rssMb: Math.round(rssMb()),
    });
  });
});
