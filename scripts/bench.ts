// Benchmarks: form submissions through the real HTTP server against a large workbook (and, below, the recompute).
import os from 'node:os';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { recompute, type SourceData } from '../functions/src/core/grading/recompute.js';
import type { AttendanceRecord, Course, Evaluation, Score, Trainee } from '../functions/src/core/model.js';
import { defaultSettings } from '../functions/src/core/settings.js';
import { benchChart } from './bench-chart.js';
import { benchCli } from './bench-cli.js';
import { benchColdStart } from './bench-cold-start.js';
import { benchCompose, benchSend } from './bench-feedback.js';
import { benchSheets } from './bench-sheets.js';
import { benchBankYear, benchSubmit } from './bench-submit.js';
import type { RowRecord } from '../functions/src/core/table.js';

export interface BenchLine {
  readonly name: string;
  readonly value: string;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

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

/** The source tabs of a synthetic year, as rows to provision a workbook with. */
export function syntheticTabs(trainees: number, courses: number): Map<string, RowRecord[]> {
  const source = syntheticYear(trainees, courses);
  return new Map<string, RowRecord[]>([
    ['Plan', toRecords(source.courses)],
    ['Roster', toRecords(source.roster)],
    ['Scores', toRecords(source.scores)],
    ['Attendance', toRecords(source.attendance)],
    ['Evaluations', toRecords(source.evaluations)],
  ]);
}

function print(title: string, lines: readonly BenchLine[]): void {
  console.log(`\n${title}`);
  const width = Math.max(...lines.map((line) => line.name.length));
  for (const line of lines) console.log(`  ${line.name.padEnd(width)}  ${line.value}`);
}

/** The benchmark sections in the order they run; `--only NAME` runs those whose names include NAME. */
function sections(
  scoreRows: number,
): readonly { names: readonly string[]; title: string; run: () => Promise<BenchLine[]> | BenchLine[] }[] {
  return [
    {
      names: ['recompute', 'pure'],
      title: 'Pure recompute (grading engine, no I/O)',
      run: () => benchPureRecompute([2_000, 10_000, 50_000], 20),
    },
    {
      names: ['recompute', 'bank'],
      title: "A bank's year in the local workbook (recompute through the journal and patched saves; the built server's memory)",
      run: () => benchBankYear(2_000, 10, syntheticTabs),
    },
    {
      names: ['cold-start'],
      title: 'Deployable bundles (npm run build) under the functions-framework launcher',
      run: () => benchColdStart(),
    },
    { names: ['chart'], title: 'Summary chart image (Chart.js on @napi-rs/canvas)', run: () => benchChart(20) },
    { names: ['cli'], title: 'Command line start (dist/ built; npm run cli checks it is fresh)', run: () => benchCli(5) },
    {
      names: ['feedback'],
      title: 'Feedback e-mail (memory store, so the mail side is what is measured)',
      run: async () => [...(await benchCompose(1_000)), ...(await benchSend(1_000))],
    },
    {
      names: ['sheets'],
      title: 'Google Sheets store on the Sheets fake (compact JSON as the clients ask; warm instance; bytes the store read / wrote)',
      run: () => benchSheets([40, 500, 2_000], syntheticTabs),
    },
    {
      names: ['submit'],
      title: 'Submissions to the built server (dist/index.js) on a local workbook, clients in this process',
      run: () => benchSubmit(scoreRows),
    },
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, 'score-rows': { type: 'string', default: '20000' } } });
  console.log(
    `Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
  );
  for (const section of sections(Number(values['score-rows']))) {
    if (values.only === undefined || section.names.includes(values.only)) print(section.title, await section.run());
  }
}

// Run only as a program, so the workload builders can be imported by scratch profiling scripts.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
