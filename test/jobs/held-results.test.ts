// A doubtful result waits: while Problems lists a row touching a trainee's course, its e-mails are held, and the Summary says why.
import { describe, expect, it } from 'vitest';
import { ATTENDANCE_TAB, SCORES_TAB, SETTINGS_TAB } from '../../sheets-templates/index.js';
import type { MemorySheetStore } from '../../functions/src/adapters/store/memory-store.js';
import { fixedClock } from '../../functions/src/adapters/system-clock.js';
import type { Cell } from '../../functions/src/core/cells.js';
import { runFeedback } from '../../functions/src/jobs/feedback.js';
import { runRecompute } from '../../functions/src/jobs/recompute.js';
import { AFTER_COURSE, COURSE_ID, deps, feedbackStore, passingClass, RecordingMailer } from '../fixtures/feedback-world.js';
import { gridOf, settingsGrid } from '../fixtures/world.js';

const CLASS = passingClass(3);
const clock = fixedClock(AFTER_COURSE);

/** The class's Scores rows, then `extra` rows staff typed below them. */
function scores(store: MemorySheetStore, extra: readonly Record<string, Cell>[]): void {
  const rows = CLASS.flatMap((s) => [
    { submission_id: `${s.id}-exam`, trainee_id: s.id, course_id: COURSE_ID, component: 'exam', attempt: 1, score: s.exam ?? 0 },
    { submission_id: `${s.id}-case`, trainee_id: s.id, course_id: COURSE_ID, component: 'case', attempt: 1, score: s.case ?? 0 },
  ]);
  store.setGrid(SCORES_TAB.name, gridOf(SCORES_TAB, [...rows, ...extra]));
}

async function due(store: MemorySheetStore): Promise<string[]> {
  const report = await runFeedback(deps(store, new RecordingMailer()), { dryRun: true, ignoreHold: true });
  return (report.preview ?? []).map((preview) => preview.to).sort();
}

async function overall(store: MemorySheetStore): Promise<Record<string, Cell>> {
  await runRecompute(store, clock);
  return (await store.read(['Summary'])).get('Summary')?.rows[0]?.values ?? {};
}

const everyone = CLASS.map((s) => `${s.id.toLowerCase()}@bank.example`).sort();

describe('while a row in Problems touches a result', () => {
  it.each([
    {
      name: 'a bad score of T0001 holds only T0001’s result',
      extra: [{ submission_id: 'typo', trainee_id: 'T0001', course_id: COURSE_ID, component: 'exam', attempt: 2, score: '85%' }],
      held: ['t0001@bank.example'],
      rows: 'Scores 第 8 行',
    },
    {
      name: 'a repeated submission of T0002 holds only T0002’s result',
      extra: [{ submission_id: 'T0002-exam', trainee_id: 'T0002', course_id: COURSE_ID, component: 'exam', attempt: 1, score: 40 }],
      held: ['t0002@bank.example'],
      rows: 'Scores 第 8 行',
    },
    {
      name: 'an unknown trainee id (anyone’s typo) holds every result of the course',
      extra: [{ submission_id: 'who', trainee_id: 'T0099', course_id: COURSE_ID, component: 'exam', attempt: 1, score: 90 }],
      held: everyone,
      rows: 'Scores 第 8 行',
    },
  ])('$name, and the Summary headline says how many and why', async ({ extra, held, rows }) => {
    const store = feedbackStore(CLASS);
    scores(store, extra);
    const headline = await overall(store);
    expect(await due(store)).toEqual(everyone.filter((to) => !held.includes(to)));
    expect(headline['held']).toBe(held.length);
    expect(headline['notes']).toBe(`${held.length} 个成绩暂缓发送：数据问题中 ${rows} 涉及这些成绩，修正后自动发送`);
    const grades = (await store.read(['Grades'])).get('Grades')?.rows.map((row) => row.values) ?? [];
    expect(grades.filter((row) => String(row['reasons'] ?? '').startsWith('反馈暂缓'))).toHaveLength(held.length);
  });

  it('releases the result once the row is fixed', async () => {
    const store = feedbackStore(CLASS);
    scores(store, [{ submission_id: 'typo', trainee_id: 'T0001', course_id: COURSE_ID, component: 'exam', attempt: 2, score: '85%' }]);
    expect(await due(store)).not.toContain('t0001@bank.example');
    scores(store, [{ submission_id: 'typo', trainee_id: 'T0001', course_id: COURSE_ID, component: 'exam', attempt: 2, score: 85 }]);
    expect(await due(store)).toEqual(everyone);
    expect((await overall(store))['held']).toBe(0);
  });

  it('holds a correction too: a typo in an attendance id cannot send a wrong 【更正】', async () => {
    const store = feedbackStore(CLASS);
    scores(store, []);
    await runFeedback(deps(store, new RecordingMailer()), { ignoreHold: true });
    // Staff retype T0001's fourth session with a letter O for a zero: without the hold, T0001 would drop to
    // 75% attendance and be sent a corrected result and a retake notice.
    const attendance = (typo: string) =>
      CLASS.flatMap((s) =>
        [1, 2, 3, 4].map((session) => ({
          course_id: COURSE_ID,
          trainee_id: s.id === 'T0001' && session === 4 ? typo : s.id,
          session,
          session_date: `2026-05-${String(session * 7).padStart(2, '0')}`,
          status: '出勤',
        })),
      );
    store.setGrid(ATTENDANCE_TAB.name, gridOf(ATTENDANCE_TAB, attendance('T00O1')));
    expect((await runFeedback(deps(store, new RecordingMailer()), { ignoreHold: true })).sent).toBe(0);
    expect((await overall(store))['held']).toBe(CLASS.length);
    store.setGrid(ATTENDANCE_TAB.name, gridOf(ATTENDANCE_TAB, attendance('T0001')));
    expect((await runFeedback(deps(store, new RecordingMailer()), { ignoreHold: true })).sent).toBe(0);
    expect((await overall(store))['held']).toBe(0);
  });
});

describe('while the pass mark cannot be read', () => {
  it('keeps the derived tabs as they were, lists the cell in Problems and sends nothing', async () => {
    const store = feedbackStore(CLASS);
    scores(store, []);
    await runRecompute(store, clock);
    const before = (await store.read(['Grades', 'Summary'])).get('Grades')?.rows.map((row) => row.values);
    store.setGrid(SETTINGS_TAB.name, settingsGrid({ feedback_hold_minutes: '0', leader_digest_weekday: '0', pass_mark: '六十' }));
    await runRecompute(store, clock);
    const tables = await store.read(['Grades', 'Problems']);
    expect(tables.get('Grades')?.rows.map((row) => row.values)).toEqual(before);
    expect(tables.get('Problems')?.rows.map((row) => row.values['tab'])).toEqual(['Settings']);
    expect(await due(store)).toEqual([]);
  });
});
