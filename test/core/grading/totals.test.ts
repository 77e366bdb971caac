// Course totals: weighted part means of the latest attempts, rounded once, and the band they earn.
import { describe, expect, it } from 'vitest';
import type { Component, Course, Score } from '../../../functions/src/core/model.js';
import { endedCourse, gradeOf, oneTraineeScenario, run, scoresFor, settingsWith } from './fixtures.js';

type Marks = Partial<Record<Component, number>>;

describe('with every required component scored once', () => {
  it.each<{
    name: string;
    marks: Marks;
    course?: Partial<Course>;
    total: number;
    band: string;
    theory: number | null;
    practice: number | null;
  }>([
    { name: 'half theory, half practice', marks: { exam: 80, case: 70 }, total: 75, band: '合格', theory: 80, practice: 70 },
    { name: '59.95 rounds up to a pass', marks: { exam: 59.9, case: 60 }, total: 60, band: '合格', theory: 59.9, practice: 60 },
    { name: '59.94 stays a fail', marks: { exam: 59.88, case: 60 }, total: 59.9, band: '不合格', theory: 59.9, practice: 60 },
    { name: 'exactly the pass mark', marks: { exam: 60, case: 60 }, total: 60, band: '合格', theory: 60, practice: 60 },
    { name: '89.95 rounds up to excellent', marks: { exam: 89.9, case: 90 }, total: 90, band: '优秀', theory: 89.9, practice: 90 },
    { name: 'exactly the excellent mark', marks: { exam: 90, case: 90 }, total: 90, band: '优秀', theory: 90, practice: 90 },
    { name: 'good band from band_good', marks: { exam: 80, case: 80 }, total: 80, band: '良好', theory: 80, practice: 80 },
    {
      name: 'a part is the mean of its components',
      marks: { exam: 90, paper: 80, classroom: 70, project: 60, case: 50 },
      course: { required_components: ['exam', 'paper', 'classroom', 'project', 'case'], theory_weight: 0.4, practice_weight: 0.6 },
      total: 65,
      band: '合格',
      theory: 80,
      practice: 55,
    },
    {
      name: 'a mean of thirds that lands on .x5 rounds up',
      marks: { exam: 59.85, paper: 60, classroom: 60 },
      course: { required_components: ['exam', 'paper', 'classroom'], theory_weight: 1, practice_weight: 0 },
      total: 60,
      band: '合格',
      theory: 60,
      practice: null,
    },
    {
      name: 'weight 0 ignores that part and its components',
      marks: { case: 72 },
      course: { theory_weight: 0, practice_weight: 1 },
      total: 72,
      band: '合格',
      theory: null,
      practice: 72,
    },
    {
      name: 'weights adding up to 1.001 still cap the total at 100',
      marks: { exam: 100, case: 100 },
      course: { theory_weight: 0.5, practice_weight: 0.501 },
      total: 100,
      band: '优秀',
      theory: 100,
      practice: 100,
    },
  ])('$name', ({ marks, course, total, band, theory, practice }) => {
    const row = gradeOf(run(oneTraineeScenario(marks, { course: endedCourse(course) })));
    expect({ total: row.total, band: row.band, theory: row.theory, practice: row.practice }).toEqual({ total, band, theory, practice });
  });
});

describe('with several attempts and corrections (retake cap off, so totals show uncapped)', () => {
  const score = (component: Component, attempt: number, value: number): Score => ({
    trainee_id: 'T001',
    course_id: 'C01',
    component,
    attempt,
    score: value,
  });

  it.each<{ name: string; scores: Score[]; total: number | null; attempt: number }>([
    {
      name: 'the highest attempt counts, whatever the row order',
      scores: [score('exam', 2, 70), score('exam', 1, 40), score('case', 1, 80)],
      total: 75,
      attempt: 2,
    },
    {
      name: 'of two rows with the same attempt the later one (a hand correction) counts',
      scores: [score('exam', 1, 40), score('case', 1, 80), score('exam', 1, 60)],
      total: 70,
      attempt: 1,
    },
    {
      name: 'the course attempt is the highest among its components',
      scores: [score('exam', 1, 70), score('case', 3, 70)],
      total: 70,
      attempt: 3,
    },
    {
      name: 'a component the course does not require is ignored',
      scores: [...scoresFor('T001', 'C01', { exam: 70, case: 70 }), score('simulation', 4, 10)],
      total: 70,
      attempt: 1,
    },
    { name: 'a missing component leaves the total blank', scores: [score('exam', 1, 70)], total: null, attempt: 1 },
    { name: 'nothing scored is attempt 0', scores: [], total: null, attempt: 0 },
  ])('$name', ({ scores, total, attempt }) => {
    const row = gradeOf(run(oneTraineeScenario({}, { scores, settings: settingsWith({ retake_cap: false }) })));
    expect({ total: row.total, attempt: row.attempt }).toEqual({ total, attempt });
  });
});

describe('with a course that overrides the pass mark', () => {
  it.each([
    {
      name: 'a total above the settings pass mark but below the course one fails',
      passMark: 70,
      marks: { exam: 65, case: 65 },
      band: '不合格',
    },
    { name: 'a lower course pass mark passes a total below the settings one', passMark: 50, marks: { exam: 55, case: 55 }, band: '合格' },
  ])('$name', ({ passMark, marks, band }) => {
    const row = gradeOf(run(oneTraineeScenario(marks, { course: endedCourse({ pass_mark: passMark }) })));
    expect(row.band).toBe(band);
  });
});
