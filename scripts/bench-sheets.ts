// Benchmark of what the Google Sheets store costs against the Sheets fake over a year's history: calls, bytes each way, time.
import { performance } from 'node:perf_hooks';
import { ALL_TABS, headerText, SETTINGS, SETTINGS_TAB, type TabDef } from '../sheets-templates/index.js';
import { GoogleSheetsStore } from '../functions/src/adapters/store/google-sheets-store.js';
import { fixedClock } from '../functions/src/adapters/system-clock.js';
import type { Cell } from '../functions/src/core/cells.js';
import type { RowRecord } from '../functions/src/core/table.js';
import { runRecompute } from '../functions/src/jobs/recompute.js';
import { submit, type SubmitResult } from '../functions/src/jobs/submit.js';
import { SheetsFake } from '../test/fakes/sheets-fake.js';
import type { BenchLine } from './bench.js';

/** Inside the synthetic year's courses (2026-03-01 to 06-30), so every kind of entry is valid. */
const NOW = '2026-06-20T10:00:00+08:00';
const clock = fixedClock(NOW);
const COURSES = 10;
/** Sessions a course plans; the year records 6, so sessions 7 and 8 are still open for entries. */
const SESSIONS = 8;

export interface SheetsCost {
  readonly reads: number;
  readonly writes: number;
  /** Bytes the store received (answers) and sent (request bodies). */
  readonly bytesRead: number;
  readonly bytesWritten: number;
  readonly ms: number;
}

export type SheetsOperation =
  'score' | 'attendance' | 'leave' | 'evaluation' | 'enrollment' | 'recompute-one-change' | 'recompute-no-change';

export interface SheetsWorld {
  readonly fake: SheetsFake;
  /** Cells holding a value, and cells of every grid (what Google's 10 M limit counts). */
  readonly cellsInUse: number;
  readonly gridCells: number;
  readonly rows: ReadonlyMap<string, readonly RowRecord[]>;
}

function gridOf(tab: TabDef, records: readonly RowRecord[]): Cell[][] {
  return [tab.columns.map(headerText), ...records.map((record) => tab.columns.map((column) => record[column.key] ?? null))];
}

/** The fake holding every template tab, the source tabs filled with the synthetic year of `trainees`. */
export async function sheetsWorld(
  trainees: number,
  tabsOf: (trainees: number, courses: number) => Map<string, RowRecord[]>,
): Promise<SheetsWorld> {
  const tabs = tabsOf(trainees, COURSES);
  const stamp = (name: string, extra: (i: number) => RowRecord) =>
    tabs.set(
      name,
      (tabs.get(name) ?? []).map((row, i) => ({
        submission_id: `${name.toLowerCase()}-${i}`,
        submitted_at: '2026-05-10T09:00:00+08:00',
        ...row,
        ...extra(i),
      })),
    );
  stamp('Scores', (i) => ({ assessor: `讲师${i % 7}` }));
  stamp('Attendance', () => ({ recorded_by: '培训管理员' }));
  stamp('Evaluations', () => ({}));
  tabs.set(
    'Plan',
    (tabs.get('Plan') ?? []).map((row) => ({ ...row, sessions: SESSIONS })),
  );
  tabs.set(
    SETTINGS_TAB.name,
    SETTINGS.map((setting) => ({ key: setting.key, value: setting.default, description: null })),
  );
  const fake = await new SheetsFake({ quota: false }).start();
  let cellsInUse = 0;
  for (const tab of ALL_TABS) {
    const grid = gridOf(tab, tabs.get(tab.name) ?? []);
    cellsInUse += grid.reduce((sum, row) => sum + row.filter((cell) => cell !== null && cell !== '').length, 0);
    fake.addSheet(tab.name, grid);
  }
  return { fake, cellsInUse, gridCells: fake.cellCount(), rows: tabs };
}

function storeOn(fake: SheetsFake): GoogleSheetsStore {
  return new GoogleSheetsStore({ spreadsheetId: fake.spreadsheetId, google: { googleApiRootUrl: fake.url } });
}

async function measured(fake: SheetsFake, work: () => Promise<unknown>): Promise<SheetsCost> {
  fake.resetCalls();
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  const bytes = fake.http.bytes();
  return { reads: fake.reads(), writes: fake.writes(), bytesRead: bytes.sent, bytesWritten: bytes.received, ms };
}

let sequence = 0;

/** An entry of `kind` the year does not hold yet, so it is accepted (trainee `t` of the roster). */
export function freshEntry(kind: Exclude<SheetsOperation, `recompute-${string}`>, world: SheetsWorld, t: number): Record<string, unknown> {
  sequence += 1;
  const roster = world.rows.get('Roster') ?? [];
  const trainee = String(roster[t % roster.length]?.['trainee_id']);
  const course = 'K0' + String(t % COURSES);
  const base = { id: `bench-${kind}-${sequence}`, kind, submittedAt: NOW, submitter: 'staff@bank.example' };
  switch (kind) {
    case 'score': {
      // A component's second attempt where the year has only the first: a retake, allowed and in order.
      const scores = world.rows.get('Scores') ?? [];
      const taken = new Set(scores.map((row) => `${String(row['trainee_id'])}|${String(row['course_id'])}|${String(row['attempt'])}`));
      const first = scores.find(
        (row, i) => i >= t * 3 && !taken.has(`${String(row['trainee_id'])}|${String(row['course_id'])}|2`) && Number(row['attempt']) === 1,
      );
      return {
        ...base,
        answers: {
          trainee_id: first?.['trainee_id'],
          course_id: first?.['course_id'],
          component: first?.['component'],
          attempt: 2,
          score: 75,
        },
      };
    }
    case 'attendance':
      return { ...base, answers: { trainee_id: trainee, course_id: course, session: 7, session_date: '2026-06-19', status: '出勤' } };
    case 'leave':
      return { ...base, answers: { trainee_id: trainee, course_id: course, session: 8, leave_date: '2026-06-25', reason: '出差' } };
    case 'evaluation': {
      const rated = new Set((world.rows.get('Evaluations') ?? []).map((row) => `${String(row['trainee_id'])}|${String(row['course_id'])}`));
      const pair = roster
        .flatMap((row) => Array.from({ length: COURSES }, (_, c) => `${String(row['trainee_id'])}|K0${c}`))
        .find((key, i) => i >= t && !rated.has(key));
      const [traineeId, courseId] = (pair ?? '').split('|');
      const ratings = {
        goal_achievement: 4,
        content_practicality: 5,
        method_effectiveness: 4,
        instructor_level: 5,
        overall_satisfaction: 4,
      };
      return { ...base, answers: { trainee_id: traineeId, course_id: courseId, ...ratings } };
    }
    case 'enrollment':
      return {
        ...base,
        answers: {
          trainee_id: `N${sequence}`,
          name: `新学员${sequence}`,
          email: `new${sequence}@bank.example`,
          branch: '分行1',
          level: '助理级',
          direction: '对公',
          cohort: '2026-2',
        },
      };
  }
}

function expectAccepted(result: SubmitResult, kind: string): void {
  if (result.status !== 'accepted') throw new Error(`the bench's ${kind} entry was ${result.status}: ${JSON.stringify(result)}`);
}

const SUBMISSION_KINDS = ['score', 'attendance', 'leave', 'evaluation', 'enrollment'] as const;

/** Every operation's cost on a warm instance (one of the same kind made first), for one roster size. */
export async function sheetsCosts(world: SheetsWorld): Promise<Map<SheetsOperation, SheetsCost>> {
  const costs = new Map<SheetsOperation, SheetsCost>();
  const submitting = storeOn(world.fake);
  for (const [i, kind] of SUBMISSION_KINDS.entries()) {
    expectAccepted(await submit(freshEntry(kind, world, 2 * i), submitting, clock, { receivedAt: clock.now() }), kind);
    const entry = freshEntry(kind, world, 2 * i + 1);
    let result: SubmitResult | undefined;
    costs.set(
      kind,
      await measured(world.fake, async () => {
        result = await submit(entry, submitting, clock, { receivedAt: clock.now() });
      }),
    );
    if (result) expectAccepted(result, kind);
  }
  // The jobs instance: one recompute to warm it, a score from another instance, then the recompute after it and one more.
  const jobs = storeOn(world.fake);
  await runRecompute(jobs, clock);
  await runRecompute(jobs, clock);
  expectAccepted(await submit(freshEntry('score', world, 11), submitting, clock, { receivedAt: clock.now() }), 'score');
  costs.set('recompute-one-change', await measured(world.fake, () => runRecompute(jobs, clock)));
  costs.set('recompute-no-change', await measured(world.fake, () => runRecompute(jobs, clock)));
  return costs;
}

const mb = (bytes: number) => (bytes >= 100_000 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1e3).toFixed(1)} kB`);

export async function benchSheets(
  sizes: readonly number[],
  tabsOf: (trainees: number, courses: number) => Map<string, RowRecord[]>,
): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  for (const trainees of sizes) {
    const world = await sheetsWorld(trainees, tabsOf);
    try {
      const costs = await sheetsCosts(world);
      const cells = `${(world.cellsInUse / 1e3).toFixed(0)} k cells in use, grid ${(world.gridCells / 1e6).toFixed(2)} M`;
      for (const [operation, cost] of costs) {
        lines.push({
          name: `${trainees.toLocaleString('en')} trainees (${cells}) · ${operation}`,
          value:
            `${cost.reads} read + ${cost.writes} write calls · read ${mb(cost.bytesRead)} · written ${mb(cost.bytesWritten)} · ` +
            `${cost.ms.toFixed(0)} ms`,
        });
      }
    } finally {
      await world.fake.close();
    }
  }
  return lines;
}
