// The built launcher as `npm start` runs it: loopback, its start-up line, the CLI's token, no body in its logs (floods: test/reliability/security.test.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XlsxSheetStore } from '../../functions/src/adapters/store/xlsx-store.js';
import { readCliToken } from '../../functions/src/http/cli-token.js';
import { provisionWorkbook } from '../../functions/src/provision/workbook.js';
import { sampleRows } from '../../functions/src/provision/sample-data.js';
import { freePort } from '../fixtures/free-port.js';

const root = path.resolve(import.meta.dirname, '../..');
let dir: string;
let workbook: string;

interface Launched {
  readonly child: ChildProcess;
  readonly port: number;
  readonly base: string;
  output(): string;
  exited: Promise<number | null>;
}

const launched = new Set<Launched>();

/** `node dist/serve.js` in a folder of its own; resolves once it printed its start-up line (or exited). */
async function launch(env: Record<string, string> = {}, port?: number): Promise<Launched> {
  const listenOn = port ?? (await freePort());
  const child = spawn(process.execPath, [path.join(root, 'dist/serve.js')], {
    cwd: dir,
    env: { ...process.env, PORT: String(listenOn), OUTBOX_DIR: 'outbox', RECOMPUTE_ON_SUBMIT: 'wait', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const server: Launched = { child, port: listenOn, base: `http://127.0.0.1:${listenOn}`, output: () => output, exited };
  launched.add(server);
  const deadline = Date.now() + 20_000;
  while (!output.includes('Serving ') && child.exitCode === null) {
    if (Date.now() > deadline) throw new Error(`the launcher did not come up; it printed:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return server;
}

async function stop(server: Launched): Promise<void> {
  if (server.child.exitCode === null) server.child.kill('SIGTERM');
  await server.exited;
  launched.delete(server);
}

const nonLoopback = Object.values(os.networkInterfaces())
  .flat()
  .find((address) => address?.family === 'IPv4' && !address.internal)?.address;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'serve-'));
  workbook = path.join(dir, 'data', 'training.xlsx');
  await provisionWorkbook(workbook, { rows: sampleRows() });
});

afterAll(async () => {
  for (const server of launched) await stop(server);
  await fs.rm(dir, { recursive: true, force: true, maxRetries: 5 });
});

describe('npm start with no tokens set', () => {
  let server: Launched;
  beforeAll(async () => {
    server = await launch();
  });
  // One process writes a data folder: the servers below start on it once this one has stopped.
  afterAll(async () => {
    await stop(server);
  });

  it('prints one start-up line: the URL on loopback, the workbook as configured, and that no token is set', () => {
    expect(server.output().split('\n')[0]).toBe(
      `Serving training on http://127.0.0.1:${server.port} · workbook data/training.xlsx · ` +
        'SUBMIT_TOKEN not set: submissions from this computer only · ADMIN_TOKEN not set: recompute, sending and previews through the CLI only',
    );
  });

  it('is found by a provision --force before its first write, which then refuses and leaves the workbook as it is', async () => {
    const before = await fs.readFile(workbook);
    const run = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(root, 'dist/cli.js'), 'provision', '--force'], {
        cwd: dir,
        env: { ...process.env, MAILER: 'off' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.once('exit', (code) => resolve({ code, out }));
    });
    expect(run).toEqual({ code: 1, out: expect.stringContaining(`正由另一个程序使用（${server.base}）`) as string });
    expect(await fs.readFile(workbook)).toEqual(before);
  });

  it.skipIf(nonLoopback === undefined)('cannot be reached from the network, only from this computer', async () => {
    const reached = await new Promise<string>((resolve) => {
      const socket = net.connect(server.port, nonLoopback ?? '');
      socket.once('connect', () => resolve('connected'));
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(reached).toBe('ECONNREFUSED');
  });

  it('accepts a form submission from this computer, stores it and regrades before answering', async () => {
    const response = await fetch(`${server.base}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'serve-1',
        kind: 'evaluation',
        submittedAt: '2026-11-23T10:00:00+08:00',
        answers: {
          '课程编号 Course ID': ['C2026-13'],
          '目标达成度 Goal achievement': ['4'],
          '内容实用性 Content practicality': ['4'],
          '方法有效性 Method effectiveness': ['3'],
          '讲师水平 Instructor level': ['5'],
          '总体满意度 Overall satisfaction': ['4'],
        },
      }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'accepted' });
    // The entry is in the journal before the answer; this process (a reader) sees it at once, the regraded tabs once saved.
    const read = () => new XlsxSheetStore(workbook).read(['Evaluations', 'Summary']);
    expect((await read()).get('Evaluations')?.rows.at(-1)?.values['submission_id']).toBe('serve-1');
    await expect.poll(async () => (await read()).get('Summary')?.rows.length, { timeout: 10_000 }).toBeGreaterThan(1);
    await expect
      .poll(() =>
        server
          .output()
          .split('\n')
          .find((line) => line.includes('"id":"serve-1"')),
      )
      .toMatch(/"outcome":"accepted"/);
  });

  it('refuses the preview of everyone’s results without the admin credential, naming nobody', async () => {
    const response = await fetch(`${server.base}/feedback/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dryRun: true, sendNow: true }),
    });
    expect(response.status).toBe(401);
    expect(JSON.stringify(await response.json())).not.toMatch(/@bank\.example/);
  });

  it('admits the CLI by the token in the data folder (mode 0600) and sends feedback into the outbox, each message once', async () => {
    const token = await readCliToken({ workbookPath: workbook });
    expect(token).toMatch(/^[\w-]{43}$/);
    expect((await fs.stat(path.join(dir, 'data', '.cli-token'))).mode & 0o777).toBe(0o600);
    const send = () =>
      fetch(`${server.base}/feedback/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? ''}` },
        body: JSON.stringify({ sendNow: true, limit: 5 }),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> }));
    expect(await send()).toMatchObject({ status: 200, body: { status: 'ok', sent: 5, failed: 0, stopped: 'limit' } });
    expect(await send()).toMatchObject({ status: 200, body: { sent: 5 } });
    expect(await fs.readdir(path.join(dir, 'outbox'))).toHaveLength(10);
    const sent = async () =>
      ((await new XlsxSheetStore(workbook).read(['FeedbackLog'])).get('FeedbackLog')?.rows ?? []).filter(
        (row) => row.values['status'] === '已发送',
      ).length;
    await expect.poll(sent, { timeout: 10_000 }).toBe(10);
  });

  it('never logs a request body, not even one that is malformed JSON', async () => {
    const secret = '{"id":"leak","kind":"enrollment","answers":{"name":"钱多多","email":"qian.duoduo@bank.example",';
    const response = await fetch(`${server.base}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: secret,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ status: 'bad_request', message: 'body is not valid JSON' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const word of ['钱多多', 'qian.duoduo']) expect(server.output()).not.toContain(word);
  });

  it('tells a second start on the same port, without a stack trace, and leaves the running server’s CLI token alone', async () => {
    const before = await readCliToken({ workbookPath: workbook });
    const second = await launch({}, server.port);
    expect(await second.exited).toBe(1);
    expect(second.output().trim()).toBe(
      `Port ${server.port} on 127.0.0.1 is already in use (an earlier \`npm start\`?). Stop that server, or set PORT to a free port.`,
    );
    expect(await readCliToken({ workbookPath: workbook })).toBe(before);
  });

  it('writes a new CLI token at each start and removes it when stopped; the old one opens nothing', async () => {
    const old = await readCliToken({ workbookPath: workbook });
    await stop(server);
    expect(await readCliToken({ workbookPath: workbook })).toBeUndefined();
    server = await launch();
    const fresh = await readCliToken({ workbookPath: workbook });
    expect(fresh).not.toBe(old);
    const recompute = (token: string | undefined) =>
      fetch(`${server.base}/recompute`, { method: 'POST', headers: { authorization: `Bearer ${token ?? ''}` } }).then((r) => r.status);
    expect(await recompute(old)).toBe(401);
    expect(await recompute(fresh)).toBe(200);
  });
});

describe.skipIf(nonLoopback === undefined)('npm start with HOST=0.0.0.0', () => {
  const TOKEN = 'serve-submit-0123456789abcdef';
  const submit = (base: string, authorization?: string) =>
    fetch(`${base}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ id: 'lan-1', kind: 'score', submittedAt: '2026-06-15T09:00:00+08:00', answers: {} }),
    });

  it('warns that other computers may reach it, and refuses their submissions until SUBMIT_TOKEN is set', async () => {
    const server = await launch({ HOST: '0.0.0.0' });
    expect(server.output()).toContain(`Serving training on http://0.0.0.0:${server.port}`);
    expect(server.output()).toContain(
      'HOST=0.0.0.0 opens the server to other computers; their submissions are refused until SUBMIT_TOKEN is set.',
    );
    const lan = `http://${nonLoopback ?? ''}:${server.port}`;
    const refused = await submit(lan);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { message: string }).message).toMatch(/need SUBMIT_TOKEN/);
    expect((await submit(server.base)).status).toBe(422);
    await stop(server);
  });

  it('admits other computers holding SUBMIT_TOKEN, and only for submissions', async () => {
    const server = await launch({ HOST: '0.0.0.0', SUBMIT_TOKEN: TOKEN });
    expect(server.output()).toContain('· SUBMIT_TOKEN set ·');
    const lan = `http://${nonLoopback ?? ''}:${server.port}`;
    expect((await submit(lan, `Bearer ${TOKEN}`)).status).toBe(422);
    expect((await submit(lan)).status).toBe(401);
    const recompute = await fetch(`${lan}/recompute`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(recompute.status).toBe(401);
    await stop(server);
  });
});
