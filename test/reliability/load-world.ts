// A running course open to 120 trainees (on a memory store or the Sheets fake), and a stream of mixed submissions: valid ones, redeliveries and broken ones.
import { COMPONENTS, PLAN_TAB, ROSTER_TAB, SETTINGS_TAB } from '../../sheets-templates/index.js';
import { MemorySheetStore } from '../../functions/src/adapters/store/memory-store.js';
import type { Cell } from '../../functions/src/core/cells.js';
import type { SheetsFake } from '../fakes/sheets-fake.js';
import { fakeWorld } from '../fixtures/sheets-world.js';
import { gridOf, settingsGrid } from '../fixtures/world.js';

export const LOAD_COURSE = 'C-LOAD';
export const LOAD_TRAINEES = 120;

export const loadPlan: Record<string, Cell>[] = [
  {
    course_id: LOAD_COURSE,
    title: '商业银行营销实务',
    category: '营销技能',
    method: '面授',
    level: '助理级',
    direction: '通用',
    instructor: '陈老师',
    instructor_type: '内训师',
    start_date: '2026-06-01',
    end_date: '2026-12-20',
    hours: 80,
    sessions: 40,
    theory_weight: 0.5,
    practice_weight: 0.5,
    required_components: COMPONENTS.map((c) => c.value).join(','),
    max_attempts: 3,
    approval: '已批准',
  },
];

const traineeId = (i: number) => `L${String((i % LOAD_TRAINEES) + 1).padStart(3, '0')}`;

export const loadRoster: Record<string, Cell>[] = Array.from({ length: LOAD_TRAINEES }, (_, i) => ({
  trainee_id: traineeId(i),
  name: `学员${i + 1}`,
  email: `l${i + 1}@bank.example`,
  branch: ['北京分行', '上海分行', '广州分行'][i % 3] ?? '北京分行',
  level: '助理级',
  direction: i % 2 === 0 ? '对公' : '对私',
  cohort: '2026-助理级-1期',
  status: '在训',
}));

/** The running course on a memory store: default Settings, the plan and the 120 trainees. */
export function loadMemory(): MemorySheetStore {
  const memory = new MemorySheetStore();
  memory.setGrid(SETTINGS_TAB.name, settingsGrid());
  memory.setGrid(PLAN_TAB.name, gridOf(PLAN_TAB, loadPlan));
  memory.setGrid(ROSTER_TAB.name, gridOf(ROSTER_TAB, loadRoster));
  return memory;
}

/** The running course as a Google spreadsheet on a started Sheets fake. */
export function loadSheets(): Promise<SheetsFake> {
  // 200 submissions in seconds are far over Google's 60 writes a minute for one account: these runs are about
  // concurrency and faults, so the fake's quota is lifted here; the quota has tests of its own.
  return fakeWorld(loadMemory(), { quota: false });
}

export interface Planned {
  readonly body: Record<string, unknown>;
  /** What the server must answer and keep: stored once, a redelivery of a stored one, or rejected. */
  readonly expect: 'accepted' | 'duplicate' | 'rejected';
}

/**
 * `count` submissions: 80% distinct valid entries of every kind, 10% redeliveries of earlier valid ones
 * (same id), 10% broken ones (a score of 150, an unknown trainee, a session past the course's last).
 */
export function mixedSubmissions(count: number, prefix = 'load'): Planned[] {
  const planned: Planned[] = [];
  const valid: Planned[] = [];
  const envelope = (id: string, kind: string, answers: Record<string, unknown>) => ({
    id,
    kind,
    submittedAt: '2026-06-15T09:00:00+08:00',
    submitter: 'staff@bank.example',
    answers,
  });
  for (let i = 0; i < count; i += 1) {
    const id = `${prefix}-${i}`;
    if (i % 10 === 9 && valid.length > 0) {
      const earlier = valid[(i * 7) % valid.length];
      if (earlier) planned.push({ body: earlier.body, expect: 'duplicate' });
      continue;
    }
    if (i % 10 === 4) {
      const broken = [
        envelope(id, 'score', { trainee_id: traineeId(i), course_id: LOAD_COURSE, component: 'exam', attempt: 1, score: 150 }),
        envelope(id, 'attendance', {
          trainee_id: 'NOBODY',
          course_id: LOAD_COURSE,
          session: 1,
          session_date: '2026-06-10',
          status: '出勤',
        }),
        envelope(id, 'leave', { trainee_id: traineeId(i), course_id: LOAD_COURSE, session: 99, leave_date: '2026-06-10', reason: '出差' }),
      ][i % 3];
      if (broken) planned.push({ body: broken, expect: 'rejected' });
      continue;
    }
    const kind = ['score', 'attendance', 'leave', 'evaluation', 'enrollment'][i % 5];
    const n = Math.floor(i / 5);
    const body =
      kind === 'score'
        ? envelope(id, 'score', {
            trainee_id: traineeId(n),
            course_id: LOAD_COURSE,
            component: COMPONENTS[Math.floor(n / LOAD_TRAINEES) % COMPONENTS.length]?.value,
            attempt: 1,
            score: 55 + (i % 45),
          })
        : kind === 'attendance'
          ? envelope(id, 'attendance', {
              trainee_id: traineeId(n),
              course_id: LOAD_COURSE,
              session: 1 + (Math.floor(n / LOAD_TRAINEES) % 20),
              session_date: '2026-06-10',
              status: i % 7 === 0 ? '迟到' : '出勤',
            })
          : kind === 'leave'
            ? envelope(id, 'leave', {
                trainee_id: traineeId(n + 7),
                course_id: LOAD_COURSE,
                session: 21 + (Math.floor(n / LOAD_TRAINEES) % 20),
                leave_date: '2026-06-12',
                reason: '=HYPERLINK("http://evil.example","客户拜访")',
              })
            : kind === 'evaluation'
              ? envelope(id, 'evaluation', {
                  course_id: LOAD_COURSE,
                  goal_achievement: 1 + (i % 5),
                  content_practicality: 4,
                  method_effectiveness: 4,
                  instructor_level: 5,
                  overall_satisfaction: 1 + (i % 5),
                })
              : envelope(id, 'enrollment', {
                  trainee_id: `${prefix.toUpperCase()}-NEW-${i}`,
                  name: `新学员${i}`,
                  email: `new${i}@bank.example`,
                  branch: '杭州分行',
                  level: '助理级',
                  direction: '对公',
                  cohort: '2026-助理级-2期',
                });
    const entry: Planned = { body, expect: 'accepted' };
    valid.push(entry);
    planned.push(entry);
  }
  return planned;
}
