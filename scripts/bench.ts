// Benchmarks: form submissions through the real HTTP server against a large workbook (and, below, the recompute).
import { promises as fs } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { jsonLogger } from '../functions/src/adapters/json-logger.js';
import { fixedClock } from '../functions/src/adapters/system-clock.js';
import { createApp } from '../functions/src/app.js';
import { loadConfig } from '../functions/src/config.js';
import { provisionWorkbook } from '../functions/src/provision/workbook.js';
import { COMPONENTS } from '../sheets-templates/index.js';
import { DateTime } from 'luxon';
import { XlsxSheetStore } from '../functions/src/adapters/store/xlsx-store.js';
import { recompute, type SourceData } from '../functions/src/core/grading/recompute.js';
import type { AttendanceRecord, Course, Evaluation, Score, Trainee } from '../functions/src/core/model.js';
import { defaultSettings } from '../functions/src/core/settings.js';
import { runRecompute } from '../functions/src/jobs/recompute.js';
import { benchChart } from './bench-chart.js';
import { benchCli } from './bench-cli.js';
import { benchColdStart } from './bench-cold-start.js';
import { benchCompose, benchSend } from './bench-feedback.js';
import type { RowRecord } from '../functions/src/core/table.js';

export interface BenchLine {
  readonly name: string;
  readonly value: string;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/**
 * A workbook with one long course open to everyone (the one submissions go to), 20 ended courses of
 * the same level, `trainees` trainees and `filler` historical score rows spread over those courses.
 */
function submissionWorld(trainees: number, filler: number): Map<string, RowRecord[]> {
  const course = (id: string, title: string, start: string, end: string): RowRecord => ({
    course_id: id,
    title,
    category: '营销技能',
    method: '面授',
    level: '助理级',
    direction: '通用',
    instructor: '陈老师',
    instructor_type: '内训师',
    start_date: start,
    end_date: end,
    hours: 32,
    sessions: 12,
    theory_weight: 0.5,
    practice_weight: 0.5,
    required_components: COMPONENTS.map((c) => c.value).join(','),
    max_attempts: 3,
    approval: '已批准',
  });
  const plan: RowRecord[] = [
    course('BENCH-1', '商业银行营销实务与策略', '2026-01-05', '2026-12-20'),
    ...Array.from({ length: 20 }, (_, i) => course(`OLD-${i}`, `往期课程${i}`, '2026-01-05', '2026-03-31')),
  ];
  const roster: RowRecord[] = Array.from({ length: trainees }, (_, i) => ({
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
    submitted_at: '2026-03-01T10:00:00+08:00',
    trainee_id: `B${String(i % trainees).padStart(5, '0')}`,
    course_id: `OLD-${Math.floor(i / trainees) % 20}`,
    component: COMPONENTS[Math.floor(i / (trainees * 20)) % COMPONENTS.length]?.value ?? 'exam',
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

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function benchSubmissions(scoreRows: number, recomputeOnSubmit: 'off' | 'background'): Promise<BenchLine[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-submit-'));
  const file = path.join(dir, 'training.xlsx');
  const trainees = 400;
  await provisionWorkbook(file, { rows: submissionWorld(trainees, scoreRows) });
  const app = createApp(loadConfig({ WORKBOOK_PATH: file, RECOMPUTE_ON_SUBMIT: recomputeOnSubmit }), {
    clock: fixedClock('2026-06-15T10:00:00+08:00'),
    logger: jsonLogger('silent'),
  });
  const name = `bench-${recomputeOnSubmit}`;
  functions.http(name, app.handler);
  const server = getTestServer(name);
  // Longer than any pause between phases, so the client never reuses a socket the server is closing.
  server.keepAliveTimeout = 120_000;
  const base = await listen(server);

  let next = 0;
  const body = () => {
    const n = next++;
    const component = COMPONENTS[n % COMPONENTS.length]?.value;
    const trainee = `B${String(Math.floor(n / COMPONENTS.length) % trainees).padStart(5, '0')}`;
    return JSON.stringify({
      id: `bench-${n}`,
      kind: 'score',
      submittedAt: '2026-06-15T09:00:00+08:00',
      answers: { trainee_id: trainee, course_id: 'BENCH-1', component, attempt: 1, score: 60 + (n % 40) },
    });
  };
  const send = async () => {
    const started = performance.now();
    const response = await fetch(`${base}/submissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body() });
    const answer = (await response.json()) as { status: string };
    if (answer.status !== 'accepted') throw new Error(`bench submission not accepted: ${JSON.stringify(answer)}`);
    return performance.now() - started;
  };

  const lines: BenchLine[] = [];
  const firstStart = performance.now();
  await send();
  lines.push({
    name: `first submission (loads the ${scoreRows.toLocaleString('en')}-row workbook)`,
    value: ms(performance.now() - firstStart),
  });

  const sequential: number[] = [];
  const sequentialStart = performance.now();
  for (let i = 0; i < 40; i += 1) sequential.push(await send());
  const sequentialSeconds = (performance.now() - sequentialStart) / 1000;
  sequential.sort((a, b) => a - b);
  lines.push({
    name: 'one submission, one client: median / p95',
    value: `${ms(percentile(sequential, 50))} / ${ms(percentile(sequential, 95))}`,
  });
  lines.push({ name: 'submissions per second, one client', value: (40 / sequentialSeconds).toFixed(1) });

  for (const clients of [8, 32]) {
    const total = clients * 10;
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        for (let i = 0; i < total / clients; i += 1) latencies.push(await send());
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    lines.push({
      name: `submissions per second, ${clients} concurrent clients (group commit)`,
      value: `${(total / seconds).toFixed(1)} (median latency ${ms(percentile(latencies, 50))})`,
    });
  }
  await app.recompute.idle();
  await new Promise((resolve) => server.close(resolve));
  const size = (await fs.stat(file)).size;
  lines.push({ name: 'workbook size after the run', value: `${(size / 1024 / 1024).toFixed(2)} MiB` });
  await fs.rm(dir, { recursive: true, force: true });
  return lines;
}

/** Per (trainee, course) pair: 3 component scores (+ a retake for 1 in 10), 6 attendance rows, 0.7 evaluations. */
export const PER_PAIR = { scores: 3.1, attendance: 6, evaluations: 0.7 };

/** A synthetic year: `trainees` trainees in 8 branches, each enrolled in `courses` ended courses. */
export function syntheticYear(trainees: number, courses: number): SourceData {
  const settings = defaultSettings();
  const plan: Course[] = Array.from({ length: courses }, (_, c) => ({
    course_id: `K${String(c).padStart(2, '0')}`,
    title: `课程${c}`,
    category: '营销技能',
    method: '面授',
    level: '助理级',
    direction: '通用',
    instructor: `讲师${c % 7}`,
    instructor_type: '内训师',
    start_date: '2026-03-01',
    end_date: '2026-06-30',
    hours: 16,
    sessions: 6,
    theory_weight: 0.6,
    practice_weight: 0.4,
    required_components: ['exam', 'classroom', 'case'],
    approval: '已批准',
  }));
  const roster: Trainee[] = Array.from({ length: trainees }, (_, t) => ({
    trainee_id: `T${String(t).padStart(6, '0')}`,
    name: `学员${t}`,
    email: `t${t}@bank.example`,
    branch: `分行${t % 8}`,
    level: '助理级',
    direction: t % 2 ? '对公' : '对私',
    cohort: '2026-1',
    status: '在训',
  }));
  const scores: Score[] = [];
  const attendance: AttendanceRecord[] = [];
  const evaluations: Evaluation[] = [];
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (const trainee of roster) {
    for (const course of plan) {
      for (const component of course.required_components) {
        const score = Math.round(45 + random() * 55);
        scores.push({ trainee_id: trainee.trainee_id, course_id: course.course_id, component, attempt: 1, score });
        if (score < 55 && random() < 0.6)
          scores.push({ trainee_id: trainee.trainee_id, course_id: course.course_id, component, attempt: 2, score: 70 });
      }
      for (let session = 1; session <= course.sessions; session += 1) {
        const roll = random();
        attendance.push({
          trainee_id: trainee.trainee_id,
          course_id: course.course_id,
          session,
          session_date: '2026-03-10',
          status: roll < 0.9 ? '出勤' : roll < 0.95 ? '迟到' : '缺勤',
        });
      }
      if (random() < PER_PAIR.evaluations) {
        const r = () => 3 + Math.floor(random() * 3);
        evaluations.push({
          course_id: course.course_id,
          ...(random() < 0.2 ? {} : { trainee_id: trainee.trainee_id }),
          goal_achievement: r(),
          content_practicality: r(),
          method_effectiveness: r(),
          instructor_level: r(),
          overall_satisfaction: r(),
        });
      }
    }
  }
  return { settings, courses: plan, roster, scores, attendance, leave: [], evaluations };
}

const NOW = DateTime.fromISO('2026-11-23T10:00:00+08:00', { setZone: true });

export function benchPureRecompute(sizes: readonly number[], courses: number): BenchLine[] {
  const lines: BenchLine[] = [];
  for (const trainees of sizes) {
    const source = syntheticYear(trainees, courses);
    // Warm up the JIT on the same data before timing.
    recompute(source, NOW);
    recompute(source, NOW);
    const times: number[] = [];
    let grades = 0;
    for (let i = 0; i < 5; i += 1) {
      // Start each run from a collected heap, so one run does not pay for the garbage of the one before.
      globalThis.gc?.();
      const started = performance.now();
      grades = recompute(source, NOW).grades.length;
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const rows = source.scores.length + source.attendance.length + source.evaluations.length;
    lines.push({
      name: `${trainees.toLocaleString('en')} trainees × ${courses} courses (${(rows / 1e6).toFixed(2)} M source rows, ${grades.toLocaleString('en')} grades)`,
      value: `${ms(times[2] ?? Number.NaN)} median of 5 · ${((times[2] ?? 1) / (grades / 1000)).toFixed(3)} ms per 1,000 pairs`,
    });
  }
  return lines;
}

const toRecords = <T extends object>(rows: readonly T[]): RowRecord[] =>
  rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [key, Array.isArray(value) ? value.join(',') : (value as string | number)]),
    ),
  );

export async function benchXlsxRecompute(trainees: number, courses: number): Promise<BenchLine[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-recompute-'));
  const file = path.join(dir, 'training.xlsx');
  const source = syntheticYear(trainees, courses);
  const tabs = new Map<string, RowRecord[]>([
    ['Plan', toRecords(source.courses)],
    ['Roster', toRecords(source.roster)],
    ['Scores', toRecords(source.scores)],
    ['Attendance', toRecords(source.attendance)],
    ['Evaluations', toRecords(source.evaluations)],
  ]);
  let started = performance.now();
  await provisionWorkbook(file, { rows: tabs });
  const provisionMs = performance.now() - started;
  const size = (await fs.stat(file)).size;
  const store = new XlsxSheetStore(file);
  started = performance.now();
  const report = await runRecompute(store, fixedClock('2026-11-23T10:00:00+08:00'));
  const firstMs = performance.now() - started;
  started = performance.now();
  await runRecompute(store, fixedClock('2026-11-23T10:05:00+08:00'));
  const warmMs = performance.now() - started;
  await fs.rm(dir, { recursive: true, force: true });
  const label = `${trainees.toLocaleString('en')} trainees × ${courses} courses, ${(size / 2 ** 20).toFixed(1)} MiB workbook`;
  return [
    { name: `${label}: writing the source workbook`, value: ms(provisionMs) },
    {
      name: `${label}: recompute, cold (load + read + compute + write)`,
      value: `${ms(firstMs)} (${report.grades.toLocaleString('en')} grades)`,
    },
    { name: `${label}: recompute, workbook already loaded`, value: ms(warmMs) },
  ];
}

function print(title: string, lines: readonly BenchLine[]): void {
  console.log(`\n${title}`);
  const width = Math.max(...lines.map((line) => line.name.length));
  for (const line of lines) console.log(`  ${line.name.padEnd(width)}  ${line.value}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, 'score-rows': { type: 'string', default: '20000' } } });
  console.log(
    `Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
  );
  if (!values.only || values.only === 'recompute' || values.only === 'pure') {
    print('Pure recompute (grading engine, no I/O)', benchPureRecompute([2_000, 10_000, 50_000], 20));
  }
  if (!values.only || values.only === 'recompute' || values.only === 'xlsx-recompute') {
    print('Recompute through the .xlsx adapter', [...(await benchXlsxRecompute(200, 20)), ...(await benchXlsxRecompute(2_000, 20))]);
  }
  if (!values.only || values.only === 'cold-start') {
    print('Deployable bundles (npm run build) under the functions-framework launcher', await benchColdStart());
  }
  if (!values.only || values.only === 'chart') {
    print('Summary chart image (Chart.js on @napi-rs/canvas)', await benchChart(20));
  }
  if (!values.only || values.only === 'cli') {
    print('Command line start (dist/ built; npm run cli checks it is fresh)', await benchCli(5));
  }
  if (!values.only || values.only === 'feedback') {
    print('Feedback e-mail (memory store, so the mail side is what is measured)', [
      ...(await benchCompose(1_000)),
      ...(await benchSend(1_000)),
    ]);
  }
  if (!values.only || values.only === 'submit') {
    const rows = Number(values['score-rows']);
    print(
      `Submissions through the HTTP server, .xlsx workbook with ${rows.toLocaleString('en')} score rows, RECOMPUTE_ON_SUBMIT=off`,
      await benchSubmissions(rows, 'off'),
    );
    print(
      `The same with RECOMPUTE_ON_SUBMIT=background (every accepted submission regrades the workbook)`,
      await benchSubmissions(rows, 'background'),
    );
  }
}

// Run only as a program, so the workload builders can be imported by scratch profiling scripts.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
