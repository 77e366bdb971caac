// The built bundle served by the functions-framework command, as `npm start` and Cloud Functions run it.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XlsxSheetStore } from '../../functions/src/adapters/store/xlsx-store.js';
import { provisionWorkbook } from '../../functions/src/provision/workbook.js';
import { sampleRows } from '../../functions/src/provision/sample-data.js';
import { freePort } from '../fixtures/free-port.js';

const root = path.resolve(import.meta.dirname, '../..');
let dir: string;
let child: ChildProcess;
let base: string;
let output = '';

async function waitUntilServing(url: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not come up; it printed:\n${output}`);
}

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'serve-'));
  await provisionWorkbook(path.join(dir, 'training.xlsx'), { rows: sampleRows() });
  const port = await freePort();
  child = spawn(
    process.execPath,
    [path.join(root, 'node_modules/@google-cloud/functions-framework/build/src/main.js'), '--source=dist/index.js', '--target=training'],
    {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        WORKBOOK_PATH: path.join(dir, 'training.xlsx'),
        OUTBOX_DIR: path.join(dir, 'outbox'),
        RECOMPUTE_ON_SUBMIT: 'wait',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  base = `http://127.0.0.1:${port}`;
  await waitUntilServing(`${base}/healthz`);
});

afterAll(async () => {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  await fs.rm(dir, { recursive: true, force: true });
});

describe('the bundle under the functions-framework command', () => {
  it('accepts a form submission, stores it and regrades before answering', async () => {
    const response = await fetch(`${base}/submissions`, {
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
    const tables = await new XlsxSheetStore(path.join(dir, 'training.xlsx')).read(['Evaluations', 'Summary']);
    expect(tables.get('Evaluations')?.rows.at(-1)?.values['submission_id']).toBe('serve-1');
    expect(tables.get('Summary')?.rows.length).toBeGreaterThan(1);
    await expect
      .poll(() => output.split('\n').find((line) => line.includes('"id":"serve-1"')))
      .toMatch(/"message":"request".*"outcome":"accepted"/);
  });

  it('sends feedback e-mail into the outbox, each message once', async () => {
    const send = () =>
      fetch(`${base}/feedback/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sendNow: true, limit: 5 }),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> }));
    const first = await send();
    expect(first).toMatchObject({ status: 200, body: { status: 'ok', sent: 5, failed: 0, stopped: 'limit' } });
    const second = await send();
    expect(second).toMatchObject({ status: 200, body: { sent: 5 } });
    const files = await fs.readdir(path.join(dir, 'outbox'));
    expect(files).toHaveLength(10);
    const log = (await new XlsxSheetStore(path.join(dir, 'training.xlsx')).read(['FeedbackLog'])).get('FeedbackLog')?.rows ?? [];
    expect(log.filter((row) => row.values['status'] === '已发送')).toHaveLength(10);
  });
});
