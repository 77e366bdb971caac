// Ids typed full-width or in lower case, through a submission and through a staff-typed row; the joined date of an enrollment.
import { describe, expect, it } from 'vitest';
import { ATTENDANCE_TAB, ROSTER_TAB, SCORES_TAB } from '../../sheets-templates/index.js';
import { runRecompute } from '../../functions/src/jobs/recompute.js';
import { submit } from '../../functions/src/jobs/submit.js';
import { TRAINEES, clock, gridOf, scoreRow, submission, worldStore } from '../fixtures/world.js';

const rowsOf = async (store: ReturnType<typeof worldStore>, tab: string) =>
  ((await store.read([tab])).get(tab)?.rows ?? []).map((row) => row.values);

describe('an id typed full-width or in lower case', () => {
  it('through a submission is the roster id, and is stored as printed', async () => {
    const store = worldStore();
    const body = submission('score', { trainee_id: 'ｔ００２', course_id: ' c-pro-corp', component: '考试', attempt: '１', score: '８８' });
    expect(await submit(body, store, clock)).toMatchObject({ status: 'accepted' });
    expect(await rowsOf(store, SCORES_TAB.name)).toEqual([
      expect.objectContaining({ trainee_id: 'T002', course_id: 'C-PRO-CORP', score: 88 }),
    ]);
  });

  it('in a row staff typed is the same entry as a submission for the roster id', async () => {
    const store = worldStore();
    store.setGrid(
      ATTENDANCE_TAB.name,
      gridOf(ATTENDANCE_TAB, [
        { course_id: 'ｃ－ｐｒｏ－ｃｏｒｐ', trainee_id: 't002', session: 2, session_date: '2026-06-08', status: '出勤' },
      ]),
    );
    const body = submission('attendance', {
      trainee_id: 'T002',
      course_id: 'C-PRO-CORP',
      session: 2,
      session_date: '2026-06-08',
      status: '出勤',
    });
    expect(await submit(body, store, clock)).toMatchObject({ status: 'rejected', errors: [{ field: 'session' }] });
  });

  it('in a Scores row staff typed is graded as that trainee, not listed in Problems', async () => {
    const store = worldStore({
      scores: [scoreRow('typed-1', { trainee_id: 'Ｔ００２', course_id: 'c-pro-corp', component: 'exam', score: 90 })],
    });
    await runRecompute(store, clock);
    expect(await rowsOf(store, 'Problems')).toEqual([]);
    const grade = (await rowsOf(store, 'Grades')).find((row) => row['trainee_id'] === 'T002' && row['course_id'] === 'C-PRO-CORP');
    expect(grade).toMatchObject({ attempt: 1 });
  });
});

describe('an enrollment', () => {
  const enrollment = (answers: Record<string, unknown> = {}) =>
    submission('enrollment', {
      trainee_id: 'T020',
      name: '钱进',
      email: 'qian.jin@bank.example',
      branch: '杭州分行',
      level: '助理级',
      direction: '对公',
      cohort: '2026-助理级-3期',
      ...answers,
    });

  it('sets the joined date to the day it was received, whatever the form says', async () => {
    const store = worldStore();
    await submit(enrollment({ joined_on: '2026-01-01' }), store, clock);
    const row = (await rowsOf(store, ROSTER_TAB.name)).find((values) => values['trainee_id'] === 'T020');
    expect(row).toMatchObject({ joined_on: '2026-06-15', status: '在训' });
  });

  it('makes courses that ended before that day not the trainee’s: a score for one is refused, saying why', async () => {
    const store = worldStore();
    store.setGrid(ROSTER_TAB.name, gridOf(ROSTER_TAB, [...TRAINEES, { ...TRAINEES[0], trainee_id: 'T020', joined_on: '2026-06-10' }]));
    const result = await submit(
      submission('score', { trainee_id: 'T020', course_id: 'C-ASSIST-01', component: 'exam', attempt: 1, score: 80 }),
      store,
      clock,
    );
    // (It is also past the course's retake window, which is said too.)
    expect(result).toMatchObject({
      status: 'rejected',
      errors: expect.arrayContaining([
        { field: 'trainee_id', message: '学员编号：学员 T020 于 2026-06-10 加入，课程 C-ASSIST-01 已于 2026-03-20 结束，不是该学员的课程' },
      ]) as unknown,
    });
  });
});
