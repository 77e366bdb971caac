// The built launcher (npm start) killed (SIGKILL) while workbook saves are in flight, restarted on the same workbook, everything resent: nothing lost, nothing doubled.
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../functions/src/adapters/system-clock.js';
import { XlsxSheetStore } from '../../functions/src/adapters/store/xlsx-store.js';
import type { SheetRow } from '../../functions/src/core/table.js';
import { readCliToken } from '../../functions/src/http/cli-token.js';
import { provisionWorkbook } from '../../functions/src/provision/workbook.js';
import { loadPlan, loadRoster, mixedSubmissions } from './load-world.js';
import { checkStored, deliver, derivedBeforeAndAfterRecompute, expectStoredOnce, RECOMPUTED_TABS, reportFigures } from './storm.js';
import { freePort } from '../fixtures/free-port.js';

const root = path.resolve(import.meta.dirname, '../..');
/** A bundle of our own, beside dist/ (so its packages resolve from node_modules), that no other test rebuilds while it runs. */
const bundleDir = path.join(root, 'dist', `reliability-kill-${process.pid}`);
let dir: string;
let file: string;
const children = new Set<ChildProcess>();

/** The launcher bundle as `npm start` runs it, on our workbook; it writes a new CLI token at each start. */
async function startFunction(): Promise<{ child: ChildProcess; base: string; output: () => string; recompute: () => Promise<number> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(bundleDir, 'serve.js')], {
    cwd: dir,
    env: {
      ...process.env,
      PORT: String(port),
      WORKBOOK_PATH: file,
      RECOMPUTE_ON_SUBMIT: 'background',
      MAILER: 'off',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      // The launcher writes the CLI token once it listens, then prints its start-up line.
      if (output.includes('Serving training on') && (await fetch(`${base}/healthz`)).ok) {
        const token = await readCliToken({ workbookPath: file });
        const recompute = async () =>
          (await fetch(`${base}/recompute`, { method: 'POST', headers: { authorization: `Bearer ${token ?? ''}` } })).status;
        return { child, base, output: () => output, recompute };
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the function did not come up; it printed:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<unknown> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  return exited;
}

/** The workbook opens in a spreadsheet program's reader, every tab there. */
async function opens(): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook.worksheets.length;
}

/** Rows with every date-time cell blanked. */
const withoutTimes = (rows: readonly SheetRow[] | undefined) =>
  (rows ?? []).map((row) =>
    Object.fromEntries(
      Object.entries(row.values).map(([key, value]) => [
        key,
        typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) ? 'time' : value,
      ]),
    ),
  );

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
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kill-'));
  file = path.join(dir, 'training.xlsx');
  await provisionWorkbook(file, {
    rows: new Map([
      ['Plan', loadPlan],
      ['Roster', loadRoster],
    ]),
  });
});

afterAll(async () => {
  for (const child of children) await stop(child, 'SIGKILL');
  await fs.rm(bundleDir, { recursive: true, force: true, maxRetries: 5 });
  await fs.rm(dir, { recursive: true, force: true, maxRetries: 5 });
});

describe('the function killed in the middle of workbook writes', () => {
  it('keeps every acknowledged submission, and after restart and resending stores every valid id once', { timeout: 120_000 }, async () => {
    const planned = mixedSubmissions(120, 'kill');
    const acknowledged = new Map<string, number>();
    const kills: { answered: number; unanswered: number; tempFiles: number }[] = [];

    // Two crashes. In each, a first wave of submissions is sent at once and all answered; then the rest are sent at once.
    // The .xlsx store saves the first write alone and every write queued meanwhile in the next save, so when the first
    // new submission of the second wave is acknowledged, the save of all the others is under way: that is when it is killed.
    for (const cut of [40, 80]) {
      const { child, base, recompute } = await startFunction();
      const send = async ({ body }: (typeof planned)[number], killOnAccepted: boolean) => {
        try {
          const response = await fetch(`${base}/submissions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          const answer = (await response.json()) as { status: string };
          if (killOnAccepted && answer.status === 'accepted') child.kill('SIGKILL');
          return { id: String(body['id']), status: response.status };
        } catch {
          return { id: String(body['id']), status: 0 };
        }
      };
      const first = await Promise.all(planned.slice(0, cut).map((p) => send(p, false)));
      // The regrading the first wave started has ended when a recompute asked for now has: the store's queue is empty.
      expect(await recompute()).toBe(200);
      const results = [...first, ...(await Promise.all(planned.slice(cut).map((p) => send(p, true))))];
      if (child.exitCode === null && child.signalCode === null) await stop(child, 'SIGKILL');
      for (const result of results) if (result.status === 200 || result.status === 422) acknowledged.set(result.id, result.status);
      const tempFiles = (await fs.readdir(dir)).filter((name) => name.endsWith('.tmp')).length;
      kills.push({
        answered: results.filter((r) => r.status !== 0).length,
        unanswered: results.filter((r) => r.status === 0).length,
        tempFiles,
      });
      expect(results.filter((r) => r.status >= 500)).toEqual([]);
      // Whatever the kill interrupted, the workbook on disk is a whole one, holding every submission answered so far.
      expect(await opens()).toBeGreaterThan(10);
      const stored = await checkStored(new XlsxSheetStore(file), planned, []);
      for (const [id, status] of acknowledged) expect(status === 200 ? stored.stored : stored.rejectedRows, id).toContain(id);
    }
    // Each crash left submissions unanswered, so the kill did land while work was in flight.
    for (const kill of kills) expect(kill.unanswered).toBeGreaterThan(0);

    // Restarted on the same workbook, the form triggers send everything again.
    const { child, base, recompute } = await startFunction();
    const answers = await Promise.all(planned.map(async ({ body }) => ({ id: String(body['id']), ...(await deliver(base, body)) })));
    for (const p of planned) {
      const answer = answers.find((a) => a.id === String(p.body['id']));
      if (p.expect === 'rejected') expect(answer?.status, answer?.id).toBe(422);
      else expect(answer?.body.status, answer?.id).toMatch(/^(accepted|duplicate)$/);
    }
    expect(await recompute()).toBe(200);
    await stop(child, 'SIGTERM');

    expect(await opens()).toBeGreaterThan(10);
    expectStoredOnce(await checkStored(new XlsxSheetStore(file), planned, []));
    // The function ran on the real clock: compared with a recompute now, only the time stamps may differ.
    const { before, after } = await derivedBeforeAndAfterRecompute(() => new XlsxSheetStore(file), systemClock);
    for (const name of RECOMPUTED_TABS) expect(withoutTimes(after.get(name)?.rows), name).toEqual(withoutTimes(before.get(name)?.rows));
    reportFigures('kill and restart', { submissions: planned.length, kills, acknowledgedBeforeKills: acknowledged.size });
  });
});
