// The leaders' summary: headline figures, then per course, branch and instructor, worst pass rate first.
import { describe, expect, it } from 'vitest';
import type { SummaryRow } from '../../../functions/src/core/grading/recompute.js';
import {
  endedCourse,
  evaluation,
  presentAtEverySession,
  run,
  runningCourse,
  scoresFor,
  settingsWith,
  source,
  trainee,
} from './fixtures.js';

const courses = [
  endedCourse({ course_id: 'C01', title: '信贷基础', instructor: '李老师' }),
  endedCourse({ course_id: 'C02', title: '营销技巧', instructor: '王老师' }),
  runningCourse({ course_id: 'C03', title: '财富管理', instructor: '李老师' }),
];
const roster = [
  trainee({ trainee_id: 'T001', branch: '城东支行' }),
  trainee({ trainee_id: 'T002', branch: '城西支行' }),
  trainee({ trainee_id: 'T003', branch: '城东支行', direction: '对私' }),
];
const scenario = source({
  courses,
  roster,
  scores: [
    ...scoresFor('T001', 'C01', { exam: 80, case: 80 }),
    ...scoresFor('T002', 'C01', { exam: 50, case: 50 }),
    ...scoresFor('T003', 'C01', { exam: 95, case: 95 }),
    ...scoresFor('T001', 'C02', { exam: 70, case: 70 }),
    ...scoresFor('T002', 'C02', { exam: 75, case: 75 }),
    ...scoresFor('T003', 'C02', { exam: 75 }),
  ],
  attendance: ['T001', 'T002', 'T003'].flatMap((id) => [...presentAtEverySession(id, 'C01'), ...presentAtEverySession(id, 'C02')]),
  evaluations: [
    evaluation('C01', 'T001', 5),
    evaluation('C01', 'T002', 3),
    evaluation('C01', undefined, 4),
    evaluation('C02', undefined, 2),
    evaluation('C03', 'T003', 4),
    evaluation('C99', 'T001', 1),
  ],
});

const brief = (row: SummaryRow) => [
  row.section,
  row.item,
  row.graded,
  row.passed,
  row.pass_rate,
  row.responses,
  row.response_rate,
  row.overall_satisfaction,
];

describe('with graded, failing and running pairs', () => {
  const result = run(scenario);

  it('puts the headline figures first', () => {
    expect(result.summary[0]).toEqual({
      section: '总览',
      item: '全部',
      trainees: 3,
      courses: 3,
      graded: 6,
      passed: 4,
      pass_rate: 0.6667,
      average: 74,
      excellent: 1,
      open_retakes: 2,
      attendance_rate: 1,
      // Four answers about ended courses (two of them anonymous) for six graded pairs.
      response_rate: 0.6667,
      responses: 5,
      goal_achievement: 3.6,
      content_practicality: 3.6,
      method_effectiveness: 3.6,
      instructor_level: 3.6,
      overall_satisfaction: 3.6,
      held: 0,
      notes: '',
      updated_at: '2026-07-01T10:30:15+08:00',
    });
  });

  it('lists courses, branches and instructors, worst pass rate first and nothing graded last', () => {
    expect(result.summary.slice(1).map(brief)).toEqual([
      ['课程', 'C01 信贷基础', 3, 2, 0.6667, 3, 1, 4],
      ['课程', 'C02 营销技巧', 3, 2, 0.6667, 1, 0.3333, 2],
      ['课程', 'C03 财富管理', 0, 0, null, 1, null, 4],
      // Branch ratings come from named answers only: the anonymous ones belong to no branch.
      ['机构', '城西支行', 2, 1, 0.5, 1, 0.5, 3],
      ['机构', '城东支行', 4, 3, 0.75, 2, 0.25, 4.5],
      ['讲师', '李老师', 3, 2, 0.6667, 4, 1, 4],
      ['讲师', '王老师', 3, 2, 0.6667, 1, 0.3333, 2],
    ]);
  });

  it('counts passes exactly as the Grades rows show them', () => {
    const passedInGrades = result.grades.filter((row) => row.status === '通过' || row.status === '优秀').length;
    const sum = (section: string) => result.summary.filter((row) => row.section === section).reduce((total, row) => total + row.passed, 0);
    expect(result.summary[0]?.passed).toBe(passedInGrades);
    expect([sum('课程'), sum('机构'), sum('讲师')]).toEqual([passedInGrades, passedInGrades, passedInGrades]);
    expect(result.summary[0]?.open_retakes).toBe(result.retakes.length);
  });
});

describe('with the language set to English', () => {
  it('names the sections in English', () => {
    const result = run({ ...scenario, settings: settingsWith({ language: 'en' }) });
    expect([...new Set(result.summary.map((row) => row.section))]).toEqual(['Overall', 'Course', 'Branch', 'Instructor']);
    expect(result.summary[0]?.item).toBe('All');
  });
});

describe('with nothing graded yet', () => {
  it.each([
    { name: 'an empty workbook', data: source() },
    { name: 'only a running course without scores', data: source({ courses: [runningCourse()], roster: [trainee()] }) },
  ])('$name gives nulls, never NaN', ({ data }) => {
    const { summary } = run(data);
    expect(summary[0]).toMatchObject({
      graded: 0,
      passed: 0,
      pass_rate: null,
      average: null,
      response_rate: null,
      responses: 0,
      overall_satisfaction: null,
    });
    expect(summary.flatMap((row): unknown[] => Object.values(row)).filter((value) => Number.isNaN(value))).toEqual([]);
  });
});
