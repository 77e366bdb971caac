// The deployed bundle (dist/functions/training, copied where no node_modules but the framework's exist) issues, stores and verifies a certificate PDF.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleRows } from '../../functions/src/provision/sample-data.js';
import { provisionWorkbook } from '../../functions/src/provision/workbook.js';
import type { RowRecord } from '../../functions/src/core/table.js';
import { freePort } from '../fixtures/free-port.js';

const root = path.resolve(import.meta.dirname, '../..');
const ADMIN = 'bundle-admin-token-0123456789abcdef';
let dir: string;
let child: ChildProcess | undefined;
let base: string;

/** Three trainees of the sample year, every course. */
function fewTrainees(): Map<string, RowRecord[]> {
  const rows = sampleRows();
  const keep = new Set((rows.get('Roster') ?? []).slice(0, 3).map((row) => String(row['trainee_id'])));
  return new Map(
    [...rows].map(([tab, records]) => [tab, records.filter((row) => !('trainee_id' in row) || keep.has(String(row['trainee_id'])))]),
  );
}

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bundle-certificates-'));
  const source = path.join(dir, 'function');
  await fs.cp(path.join(root, 'dist/functions/training'), source, { recursive: true });
  // As deployed: the framework is the one dependency; pdfkit, fontkit and the fonts must come from the bundle.
  await fs.mkdir(path.join(source, 'node_modules/@google-cloud'), { recursive: true });
  await fs.symlink(
    path.join(root, 'node_modules/@google-cloud/functions-framework'),
    path.join(source, 'node_modules/@google-cloud/functions-framework'),
  );
  await provisionWorkbook(path.join(dir, 'data/training.xlsx'), { rows: fewTrainees() });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  child = spawn(
    process.execPath,
    [
      path.join(source, 'node_modules/@google-cloud/functions-framework/build/src/main.js'),
      '--target=training',
      `--source=${source}`,
      `--port=${port}`,
    ],
    {
      cwd: dir,
      env: {
        PATH: process.env['PATH'] ?? '',
        ADMIN_TOKEN: ADMIN,
        MAILER: 'off',
        RECOMPUTE_ON_SUBMIT: 'off',
        LOG_LEVEL: 'silent',
        WORKBOOK_SAVE_INTERVAL_MS: '0',
      },
      stdio: 'ignore',
    },
  );
  const deadline = Date.now() + 20_000;
  for (;;) {
    const up = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error('the bundled function did not come up');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await fs.rm(dir, { recursive: true, force: true, maxRetries: 5 });
});

describe('the deployed bundle', () => {
  it('draws and stores certificate PDFs at a recompute, and verifies their serials', async () => {
    const recompute = await fetch(`${base}/recompute`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
    expect(recompute.status).toBe(200);
    const stored = (await fs.readdir(path.join(dir, 'data/certificates'))).filter((name) => name.endsWith('.pdf'));
    expect(stored.length).toBeGreaterThan(0);
    const [first = ''] = stored;
    const pdf = await fs.readFile(path.join(dir, 'data/certificates', first));
    expect(pdf.length).toBeLessThan(200 * 1024);
    const doc = await getDocument({ data: new Uint8Array(pdf), disableFontFace: true }).promise;
    const text = (await (await doc.getPage(1)).getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join('');
    await doc.destroy();
    const serial = first.replace(/\.pdf$/, '');
    expect(text).toContain(serial);
    expect(text.replace(/\s+/g, '')).toContain('客户经理培训中心');

    const genuine = await fetch(`${base}/certificates/${serial}`);
    expect(genuine.status).toBe(200);
    expect(await genuine.json()).toMatchObject({ status: 'genuine', certificate: { serial } });
    const forged = await fetch(`${base}/certificates/${serial.slice(0, -2)}ZZ`);
    expect(forged.status).toBe(404);
    expect(await forged.json()).toMatchObject({ status: 'not_genuine', code: 'CERTIFICATE_UNKNOWN' });
  });
});
