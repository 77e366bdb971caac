// Benchmarks of the deployable bundles: their size, and cold start (process start to first answer) under the functions-framework launcher.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort } from '../test/fixtures/free-port.js';
import { fakeWorld } from '../test/fixtures/sheets-world.js';
import { submission } from '../test/fixtures/world.js';
import type { BenchLine } from './bench.js';

interface Metafile {
  readonly outputs: Record<
    string,
    { readonly bytes: number; readonly imports?: readonly { readonly path: string; readonly kind: string }[] }
  >;
}

const MiB = 1024 * 1024;
const launcher = path.resolve('node_modules/@google-cloud/functions-framework/build/src/main.js');

/** Bytes of every JavaScript file of a deployed function, and of those a cold start loads (the entry and its static imports). */
export async function bundleSizes(name: string): Promise<{ total: number; coldStart: number }> {
  const meta = JSON.parse(await fs.readFile(path.resolve('dist/functions', `${name}.meta.json`), 'utf8')) as Metafile;
  const js = Object.entries(meta.outputs).filter(([file]) => file.endsWith('.js'));
  const total = js.reduce((sum, [, output]) => sum + output.bytes, 0);
  const byFile = new Map(js);
  const loaded = new Set<string>();
  const visit = (file: string) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    for (const entry of byFile.get(file)?.imports ?? []) if (entry.kind === 'import-statement' && byFile.has(entry.path)) visit(entry.path);
  };
  const entry = js.find(([file]) => file.endsWith(`functions/${name}/index.js`))?.[0];
  if (entry) visit(entry);
  return { total, coldStart: [...loaded].reduce((sum, file) => sum + (byFile.get(file)?.bytes ?? 0), 0) };
}

async function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** Milliseconds from spawning the launcher to the end of the first answer, median of `runs`. */
async function coldStart(
  source: string,
  target: string,
  env: Record<string, string>,
  request: (base: string) => Promise<number>,
  runs: number,
): Promise<{ median: number; min: number; status: number }> {
  const times: number[] = [];
  let status = 0;
  for (let run = 0; run < runs; run += 1) {
    const port = await freePort();
    const started = performance.now();
    const child = spawn(process.execPath, [launcher, `--source=${source}`, `--target=${target}`, `--port=${port}`], {
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    while (!(await accepting(port))) await new Promise((resolve) => setTimeout(resolve, 2));
    status = await request(`http://127.0.0.1:${port}`);
    times.push(performance.now() - started);
    child.kill();
    await new Promise((resolve) => child.once('exit', resolve));
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)] ?? Number.NaN, min: times[0] ?? Number.NaN, status };
}

/** An anonymous evaluation: valid however often it is sent, so every run's first job is an accepted submission. */
const EVALUATION = () =>
  submission('evaluation', {
    course_id: 'C-PRO-RETAIL',
    goal_achievement: 5,
    content_practicality: 4,
    method_effectiveness: 4,
    instructor_level: 5,
    overall_satisfaction: 5,
  });

export async function benchColdStart(runs = 7): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  for (const name of ['training', 'forms-watch']) {
    const sizes = await bundleSizes(name);
    lines.push({
      name: `dist/functions/${name}: JavaScript in all / loaded by a cold start`,
      value: `${(sizes.total / MiB).toFixed(2)} MiB / ${(sizes.coldStart / MiB).toFixed(2)} MiB (source maps apart)`,
    });
  }

  const baselineDir = path.resolve('dist/functions/.baseline');
  await fs.mkdir(baselineDir, { recursive: true });
  const baseline = path.join(baselineDir, 'index.mjs');
  await fs.writeFile(
    baseline,
    "import * as functions from '@google-cloud/functions-framework';\nfunctions.http('baseline', (req, res) => { res.send('ok'); });\n",
  );
  const health = async (base: string) => (await fetch(`${base}/healthz`)).status;
  const bare = await coldStart(baseline, 'baseline', {}, health, runs);
  lines.push({
    name: 'the launcher alone, a function that answers "ok" (the floor)',
    value: `${bare.median.toFixed(0)} ms median, ${bare.min.toFixed(0)} ms best`,
  });

  const bundle = path.resolve('dist/functions/training/index.js');
  const alive = await coldStart(bundle, 'training', { STORE: 'memory', MAILER: 'off' }, health, runs);
  lines.push({
    name: 'training bundle, first GET /healthz',
    value: `${alive.median.toFixed(0)} ms median (${(alive.median - bare.median).toFixed(0)} ms over the floor), ${alive.min.toFixed(0)} ms best`,
  });

  // The real first job of a cold instance: a submission through the Sheets store, against a local fake of the Sheets API.
  const fake = await fakeWorld();
  try {
    const submit = async (base: string) =>
      (
        await fetch(`${base}/submissions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(EVALUATION()),
        })
      ).status;
    const env = {
      STORE: 'sheets',
      SPREADSHEET_ID: fake.spreadsheetId,
      GOOGLE_API_ROOT_URL: fake.url,
      MAILER: 'off',
      RECOMPUTE_ON_SUBMIT: 'off',
    };
    const first = await coldStart(bundle, 'training', env, submit, runs);
    lines.push({
      name: 'training bundle, first POST /submissions on Google Sheets (local fake)',
      value: `${first.median.toFixed(0)} ms median, ${first.min.toFixed(0)} ms best (answer ${first.status})`,
    });
  } finally {
    await fake.close();
    await fs.rm(baselineDir, { recursive: true, force: true });
  }
  return lines;
}
