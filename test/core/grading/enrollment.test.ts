// Which pairs are graded: approved started courses × matching roster rows, plus pairs staff scored.
import { describe, expect, it } from 'vitest';
import type { Course, Score, Trainee } from '../../../functions/src/core/model.js';
import { endedCourse, futureCourse, run, scoresFor, source, trainee } from './fixtures.js';

const pairsOf = (courses: Course[], roster: Trainee[], scores: Score[] = []) =>
  run(source({ courses, roster, scores })).grades.map((row) => `${row.trainee_id}/${row.course_id}/${row.cohort}`);

describe('with the plan matching trainees by level and direction', () => {
  it.each<{ name: string; courses: Course[]; roster: Trainee[]; pairs: string[] }>([
    {
      name: 'a 通用 course takes both tracks',
      courses: [endedCourse()],
      roster: [trainee(), trainee({ trainee_id: 'T002', direction: '对私' })],
      pairs: ['T001/C01/2026-春季班', 'T002/C01/2026-春季班'],
    },
    {
      name: 'a 对公 course takes only 对公 trainees',
      courses: [endedCourse({ direction: '对公' })],
      roster: [trainee(), trainee({ trainee_id: 'T002', direction: '对私' })],
      pairs: ['T001/C01/2026-春季班'],
    },
    { name: 'another level is not enrolled', courses: [endedCourse({ level: '专业级' })], roster: [trainee()], pairs: [] },
    { name: 'a withdrawn trainee is not enrolled', courses: [endedCourse()], roster: [trainee({ status: '退出' })], pairs: [] },
    {
      name: 'suspended and graduated trainees stay enrolled',
      courses: [endedCourse()],
      roster: [trainee({ status: '暂停' }), trainee({ trainee_id: 'T002', status: '结业' })],
      pairs: ['T001/C01/2026-春季班', 'T002/C01/2026-春季班'],
    },
    { name: 'a course pending approval is not graded', courses: [endedCourse({ approval: '待审批' })], roster: [trainee()], pairs: [] },
    { name: 'a declined course is not graded', courses: [endedCourse({ approval: '已驳回' })], roster: [trainee()], pairs: [] },
    { name: 'a course not started yet is not graded', courses: [futureCourse()], roster: [trainee()], pairs: [] },
    {
      name: 'a course starting today is graded',
      courses: [endedCourse({ start_date: '2026-07-01', end_date: '2026-07-02' })],
      roster: [trainee()],
      pairs: ['T001/C01/2026-春季班'],
    },
  ])('$name', ({ courses, roster, pairs }) => {
    expect(pairsOf(courses, roster)).toEqual(pairs);
  });
});

describe('with a trainee in two cohorts', () => {
  const spring = trainee({ cohort: '2026-春季班', submitted_at: '2026-03-01T09:00:00+08:00', branch: '城东支行' });
  const autumn = trainee({ cohort: '2026-秋季班', submitted_at: '2026-09-01T09:00:00+08:00', branch: '城西支行' });

  it.each<{ name: string; roster: Trainee[] }>([
    { name: 'is graded once per course, under the first roster row', roster: [spring, autumn] },
    { name: 'whatever the row order', roster: [autumn, spring] },
  ])('$name', ({ roster }) => {
    const result = run(source({ courses: [endedCourse(), endedCourse({ course_id: 'C02' })], roster }));
    expect(result.grades.map((row) => [row.course_id, row.cohort, row.branch])).toEqual([
      ['C01', '2026-春季班', '城东支行'],
      ['C02', '2026-春季班', '城东支行'],
    ]);
  });

  it('uses the matching cohort when the two rows are at different levels', () => {
    const assistant = trainee({ cohort: '2025-助理班', submitted_at: '2025-03-01T09:00:00+08:00' });
    const professional = trainee({ cohort: '2026-专业班', level: '专业级', submitted_at: '2026-03-01T09:00:00+08:00' });
    const courses = [endedCourse(), endedCourse({ course_id: 'C02', level: '专业级' })];
    expect(pairsOf(courses, [professional, assistant])).toEqual(['T001/C01/2025-助理班', 'T001/C02/2026-专业班']);
  });
});

describe('with scores staff typed outside the plan', () => {
  it.each<{ name: string; courses: Course[]; roster: Trainee[]; scores: Score[]; pairs: string[] }>([
    {
      name: 'a scored pair at another level is graded under the first roster row',
      courses: [endedCourse({ level: '专业级' })],
      roster: [trainee()],
      scores: scoresFor('T001', 'C01', { exam: 80 }),
      pairs: ['T001/C01/2026-春季班'],
    },
    {
      name: 'a scored withdrawn trainee is graded',
      courses: [endedCourse()],
      roster: [trainee({ status: '退出' })],
      scores: scoresFor('T001', 'C01', { exam: 80 }),
      pairs: ['T001/C01/2026-春季班'],
    },
    {
      name: 'scores for an unknown trainee are ignored',
      courses: [endedCourse()],
      roster: [],
      scores: scoresFor('T404', 'C01', { exam: 80 }),
      pairs: [],
    },
    {
      name: 'scores for an unknown course are ignored',
      courses: [endedCourse()],
      roster: [trainee({ status: '退出' })],
      scores: scoresFor('T001', 'C404', { exam: 80 }),
      pairs: [],
    },
    {
      name: 'scores for an unapproved course are ignored',
      courses: [endedCourse({ approval: '待审批' })],
      roster: [trainee()],
      scores: scoresFor('T001', 'C01', { exam: 80 }),
      pairs: [],
    },
  ])('$name', ({ courses, roster, scores, pairs }) => {
    expect(pairsOf(courses, roster, scores)).toEqual(pairs);
  });
});

describe('with several trainees and courses', () => {
  it('sorts Grades by trainee then course, whatever the input order', () => {
    const courses = [endedCourse({ course_id: 'C10' }), endedCourse({ course_id: 'C02' })];
    const roster = [trainee({ trainee_id: 'T2' }), trainee({ trainee_id: 'T10' }), trainee({ trainee_id: 'T1' })];
    expect(pairsOf(courses, roster).map((pair) => pair.split('/').slice(0, 2).join('/'))).toEqual([
      'T1/C02',
      'T1/C10',
      'T10/C02',
      'T10/C10',
      'T2/C02',
      'T2/C10',
    ]);
  });
});
