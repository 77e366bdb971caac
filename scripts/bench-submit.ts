// Benchmarks of the local workbook under form traffic: the built server in a process of its own, clients here; latency, throughput, the bank-size year, peak memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { COMPONENTS } from '../sheets-templates/index.js';
import { XlsxSheetStore } from '../functions/src/adapters/store/xlsx-store.js';
import { fixedClock } from '../functions/src/adapters/system-clock.js';
import type { RowRecord } from '../functions/src/core/table.js';
import { runRecompute } from '../functions/src/jobs/recompute.js';
import { provisionWorkbook } from '../functions/src/provision/workbook.js';
import { freePort } from '../test/fixtures/free-port.js';
import type { BenchLine } from './bench.js';

const TRAINEES = 400;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');

/** One long course running today (the one submissions go to), 20 ended ones, 400 trainees, `filler` older score rows. */
export function submissionWorld(filler: number): Map<string, RowRecord[]> {
  const today = DateTime.now().setZone('Asia/Shanghai');
  const course = (id: string, start: DateTime, end: DateTime): RowRecord => ({
    course_id: id,
    title: id === 'BENCH-1' ? '商业银行营销实务与策略' : `往期课程${id}`,
    category: '营销技能',
    method: '面授',
    level: '助理级',
    direction: '通用',
    instructor: '陈老师',
    instructor_type: '内训师',
    start_date: start.toISODate(),
    end_date: end.toISODate(),
    hours: 32,
    sessions: 12,
    theory_weight: 0.5,
    practice_weight: 0.5,
    required_components: COMPONENTS.map((c) => c.value).join(','),
    max_attempts: 3,
    approval: '已批准',
  });
  const plan = [
    course('BENCH-1', today.minus({ days: 200 }), today.plus({ days: 60 })),
    ...Array.from({ length: 20 }, (_, i) => course(`OLD-${i}`, today.minus({ days: 300 }), today.minus({ days: 250 }))),
  ];
  const roster: RowRecord[] = Array.from({ length: TRAINEES }, (_, i) => ({
    trainee_id: `B${String(i).padStart(5, '0')}`,
    name: `学员${i}`,
    email: `trainee${i}@bank.example`,
    branch: ['北京分行', '上海分行', '广州分行'][i % 3],
    level: '助理级',
    direction: i % 2 === 0 ? '对公' : '对私',
    cohort: '2026-助理级-1期',
    status: '在训',
  }));
  const scores: RowRecord[] = Array.from({ length: filler }, (_, i) => ({
    submission_id: `hist-${i}`,
    submitted_at: today.minus({ days: 260 }).toISO(),
    trainee_id: `B${String(i % TRAINEES).padStart(5, '0')}`,
    course_id: `OLD-${Math.floor(i / TRAINEES) % 20}`,
    component: COMPONENTS[Math.floor(i / (TRAINEES * 20)) % COMPONENTS.length]?.value ?? 'exam',
    attempt: 1,
    score: 50 + (i % 50),
    assessor: '历史导入',
  }));
  return new Map([
    ['Plan', plan],
    ['Roster', roster],
    ['Scores', scores],
  ]);
}

interface Server {
  readonly base: string;
  readonly child: ChildProcess;
  /** Peak resident memory of the server process so far (Linux VmHWM), in MiB. */
  peakMiB(): Promise<number>;
  stop(): Promise<void>;
}

/** The built local entry (dist/index.js) under the functions-framework launcher, on `file`. */
export async function startServer(file: string, env: Readonly<Record<string, string>>): Promise<Server> {
  const port = await freePort();
  const root = path.resolve(import.meta.dirname, '..');
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'node_modules/@google-cloud/functions-framework/build/src/main.js'),
      `--source=${path.join(root, 'dist/index.js')}`,
      '--target=training',
    ],
    {
      env: { ...process.env, PORT: String(port), WORKBOOK_PATH: file, MAILER: 'off', LOG_LEVEL: 'error', ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; ;) {
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('the server did not come up');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    base,
    child,
    async peakMiB() {
      const status = await fs.readFile(`/proc/${child.pid ?? 0}/status`, 'utf8').catch(() => '');
      const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
      return kb / 1024;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Distinct valid score submissions, one per call. */
function scoreBodies(prefix: string) {
  let next = 0;
  return () => {
    const n = next++;
    const trainee = `B${String(Math.floor(n / COMPONENTS.length) % TRAINEES).padStart(5, '0')}`;
    const attempt = 1 + Math.floor(n / (COMPONENTS.length * TRAINEES));
    return JSON.stringify({
      id: `${prefix}-${n}`,
      kind: 'score',
      submittedAt: DateTime.now().toISO(),
      answers: {
        trainee_id: trainee,
        course_id: 'BENCH-1',
        component: COMPONENTS[n % COMPONENTS.length]?.value,
        attempt,
        score: 60 + (n % 40),
      },
    });
  };
}

interface Load {
  readonly p50: number;
  readonly p95: number;
  readonly perSecond: number;
}

async function load(base: string, body: () => string, clients: number, each: number): Promise<Load> {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = 0; i < each; i += 1) {
        const t = performance.now();
        const response = await fetch(`${base}/submissions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: body(),
        });
        const answer = (await response.json()) as { status: string };
        if (answer.status !== 'accepted') throw new Error(`bench submission not accepted: ${JSON.stringify(answer)}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), perSecond: (clients * each) / seconds };
}

interface RunFigures {
  readonly one: Load;
  readonly eight: Load;
  readonly many: Load;
}

async function submissionRun(scoreRows: number, recompute: 'off' | 'background'): Promise<{ lines: BenchLine[]; figures: RunFigures }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-submit-'));
  const file = path.join(dir, 'training.xlsx');
  await provisionWorkbook(file, { rows: submissionWorld(scoreRows) });
  const server = await startServer(file, { RECOMPUTE_ON_SUBMIT: recompute });
  const body = scoreBodies(`bench-${recompute}`);
  const label = `${scoreRows.toLocaleString('en')} score rows, RECOMPUTE_ON_SUBMIT=${recompute}`;
  try {
    const first = await load(server.base, body, 1, 1);
    const one = await load(server.base, body, 1, 60);
    const eight = await load(server.base, body, 8, 15);
    const many = await load(server.base, body, 32, 10);
    // Until the workbook holds everything: the saves are part of the cost.
    const settled = performance.now();
    for (;;) {
      const health = (await (await fetch(`${server.base}/healthz`)).json()) as { pending?: number };
      if ((health.pending ?? 0) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const lines: BenchLine[] = [
      { name: `${label}: first submission (loads the workbook)`, value: ms(first.p50) },
      { name: `${label}: 1 client, p50 / p95`, value: `${ms(one.p50)} / ${ms(one.p95)} (${one.perSecond.toFixed(1)}/s)` },
      { name: `${label}: 8 clients, p50 / p95, throughput`, value: `${ms(eight.p50)} / ${ms(eight.p95)}, ${eight.perSecond.toFixed(1)}/s` },
      { name: `${label}: 32 clients, p50 / p95, throughput`, value: `${ms(many.p50)} / ${ms(many.p95)}, ${many.perSecond.toFixed(1)}/s` },
      {
        name: `${label}: every entry saved into the workbook`,
        value: `${ms(performance.now() - settled)} after the last answer; server peak ${(await server.peakMiB()).toFixed(0)} MiB`,
      },
    ];
    return { lines, figures: { one, eight, many } };
  } finally {
    await server.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Latency and throughput at 200 and 20,000 score rows, with and without the background recompute, against the targets. */
export async function benchSubmit(bigRows = 20_000): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  const small = await submissionRun(200, 'off');
  const big = await submissionRun(bigRows, 'off');
  const busy = await submissionRun(bigRows, 'background');
  lines.push(...small.lines, ...big.lines, ...busy.lines);
  const growth = big.figures.one.p50 / small.figures.one.p50;
  const slowdown = big.figures.many.perSecond / busy.figures.many.perSecond;
  const slowdownOne = busy.figures.one.p50 / big.figures.one.p50;
  lines.push(
    {
      name: `target: p50 ≤ 50 ms at ${bigRows.toLocaleString('en')} rows`,
      value: `${ms(big.figures.one.p50)} — ${met(big.figures.one.p50 <= 50)}`,
    },
    { name: 'target: p50 at 20,000 rows ≤ 1.5× the 200-row p50', value: `${growth.toFixed(2)}× — ${met(growth <= 1.5)}` },
    {
      name: 'target: ≥ 100 submissions/s with 32 clients',
      value: `${big.figures.many.perSecond.toFixed(1)}/s — ${met(big.figures.many.perSecond >= 100)}`,
    },
    {
      name: 'target: background recompute slows submissions ≤ 1.5× (32-client throughput; 1-client p50)',
      value: `${slowdown.toFixed(2)}× ; ${slowdownOne.toFixed(2)}× — ${met(slowdown <= 1.5 && slowdownOne <= 1.5)}`,
    },
  );
  return lines;
}

/** A bank's year through the workbook: the recompute (cold and warm), and the server's peak memory serving it. */
export async function benchBankYear(
  trainees: number,
  courses: number,
  syntheticTabs: (trainees: number, courses: number) => Map<string, RowRecord[]>,
): Promise<BenchLine[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-bank-'));
  const file = path.join(dir, 'training.xlsx');
  await provisionWorkbook(file, { rows: syntheticTabs(trainees, courses) });
  const size = (await fs.stat(file)).size / 2 ** 20;
  const label = `${trainees.toLocaleString('en')} trainees × ${courses} courses, ${size.toFixed(1)} MiB workbook`;
  const lines: BenchLine[] = [];
  try {
    const store = new XlsxSheetStore(file, { saveIntervalMs: 0 });
    let started = performance.now();
    const report = await runRecompute(store, fixedClock('2026-11-23T10:00:00+08:00'));
    await store.settle();
    const cold = performance.now() - started;
    started = performance.now();
    await runRecompute(store, fixedClock('2026-11-23T10:05:00+08:00'));
    await store.settle();
    const warm = performance.now() - started;
    await store.close();
    lines.push(
      { name: `${label}: recompute, cold (load + compute + save)`, value: `${ms(cold)} (${report.grades.toLocaleString('en')} grades)` },
      { name: `${label}: recompute, workbook loaded (compute + save)`, value: ms(warm) },
      {
        name: 'target: recompute of 2,000 × 10 through the workbook ≤ 15 s',
        value: `${(cold / 1000).toFixed(1)} s cold — ${met(cold <= 15_000)}`,
      },
    );
    const server = await startServer(file, { RECOMPUTE_ON_SUBMIT: 'background' });
    try {
      await fetch(`${server.base}/recompute`, { method: 'POST' });
      const peak = await server.peakMiB();
      lines.push({
        name: `${label}: server peak memory (load, recompute, save)`,
        value: `${peak.toFixed(0)} MiB — target ≤ 1,024 MiB ${met(peak <= 1024)}`,
      });
    } finally {
      await server.stop();
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
  return lines;
}
