// Plan rows that cannot be graded are reported, not guessed at; the components of each part follow the template.
import { describe, expect, it } from 'vitest';
import { PRACTICE_COMPONENTS, THEORY_COMPONENTS, values } from '../../../sheets-templates/index.js';
import { PRACTICE_PARTS, THEORY_PARTS } from '../../../functions/src/core/grading/plan.js';
import type { Course } from '../../../functions/src/core/model.js';
import { endedCourse, run, scoresFor, source, trainee } from './fixtures.js';

describe('with the template vocabulary', () => {
  it('splits components into theory and practice as the template does', () => {
    expect(THEORY_PARTS).toEqual(values(THEORY_COMPONENTS));
    expect(PRACTICE_PARTS).toEqual(values(PRACTICE_COMPONENTS));
  });
});

describe('with a course that cannot be graded as planned', () => {
  it.each<{ name: string; course: Partial<Course>; fields: string[] }>([
    { name: 'weights adding up to 0.9', course: { theory_weight: 0.5, practice_weight: 0.4 }, fields: ['theory_weight'] },
    { name: 'weights adding up to 1.1', course: { theory_weight: 0.6, practice_weight: 0.5 }, fields: ['theory_weight'] },
    { name: 'both weights 0', course: { theory_weight: 0, practice_weight: 0 }, fields: ['theory_weight'] },
    { name: 'practice weighted but no practice component', course: { required_components: ['exam'] }, fields: ['required_components'] },
    { name: 'theory weighted but no theory component', course: { required_components: ['case'] }, fields: ['required_components'] },
    {
      name: 'both problems at once',
      course: { theory_weight: 0.7, practice_weight: 0.7, required_components: ['exam'] },
      fields: ['required_components', 'theory_weight'],
    },
  ])('$name is reported and not graded', ({ course, fields }) => {
    const result = run(
      source({ courses: [endedCourse(course)], roster: [trainee()], scores: scoresFor('T001', 'C01', { exam: 80, case: 80 }) }),
    );
    expect(result.grades).toEqual([]);
    expect(result.courseProblems.map((problem) => problem.field)).toEqual(fields);
    for (const problem of result.courseProblems) {
      expect(problem.course_id).toBe('C01');
      expect(problem.message_zh).toContain('C01');
      expect(problem.message_zh).toContain('对公信贷基础');
      expect(problem.message_en).toContain('C01');
    }
  });

  it.each<{ name: string; course: Partial<Course> }>([
    { name: 'weights 0.3 + 0.7 (float noise)', course: { theory_weight: 0.3, practice_weight: 0.7 } },
    { name: 'weights off by exactly the tolerance', course: { theory_weight: 0.5, practice_weight: 0.499 } },
    { name: 'a zero-weight part that lists no component', course: { theory_weight: 1, practice_weight: 0, required_components: ['exam'] } },
  ])('$name is graded', ({ course }) => {
    const result = run(source({ courses: [endedCourse(course)], roster: [trainee()] }));
    expect(result.courseProblems).toEqual([]);
    expect(result.grades).toHaveLength(1);
  });

  it('names the course and the columns in both languages', () => {
    const result = run(source({ courses: [endedCourse({ theory_weight: 0.5, practice_weight: 0.4 })] }));
    expect(result.courseProblems).toMatchInlineSnapshot(`
      [
        {
          "course_id": "C01",
          "field": "theory_weight",
          "message_en": "Course C01 "对公信贷基础": Theory weight 0.5 and Practice weight 0.4 must add up to 1 (they add up to 0.9); the course is not graded until fixed",
          "message_zh": "课程 C01《对公信贷基础》：理论权重 0.5 与实践权重 0.4 之和应为 1，现为 0.9，该课程暂不评定成绩",
        },
      ]
    `);
  });

  it('reports an approved course id that appears twice instead of picking one', () => {
    const result = run(
      source({ courses: [endedCourse(), endedCourse({ title: '另一门' }), endedCourse({ approval: '已驳回' })], roster: [trainee()] }),
    );
    expect(result.grades).toEqual([]);
    expect(result.courseProblems.map((problem) => [problem.course_id, problem.field])).toEqual([['C01', 'course_id']]);
  });

  it('ignores problems of courses that are not approved', () => {
    const result = run(source({ courses: [endedCourse({ approval: '待审批', theory_weight: 0.2 })] }));
    expect(result.courseProblems).toEqual([]);
  });
});
