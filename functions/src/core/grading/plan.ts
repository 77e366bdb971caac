// Plan rows turned into the rules grading uses: overrides applied, dates judged against today, weights checked.
import { DateTime } from 'luxon';
import type { Component, Course } from '../model.js';
import type { Settings } from '../settings.js';
import { compareText, type CourseProblem } from './rows.js';

export const THEORY_PARTS: readonly Component[] = ['exam', 'paper', 'classroom'];
export const PRACTICE_PARTS: readonly Component[] = ['project', 'case', 'simulation', 'performance'];
/** Template order of every component; missing-component lists follow it so output never depends on typing order. */
export const ALL_COMPONENTS: readonly Component[] = [...THEORY_PARTS, ...PRACTICE_PARTS];

/** Typing noise such as 0.3 + 0.7 must not reject a course, so the tolerance gets a float margin. */
const WEIGHT_TOLERANCE = 0.001 + 1e-9;

export interface CourseRules {
  readonly course: Course;
  /** Position among the gradable courses in course_id order; indexes per-course arrays. */
  readonly index: number;
  readonly passMark: number;
  readonly minAttendance: number;
  readonly maxAttempts: number;
  /** Required theory components; empty when the theory weight is 0, whatever the plan lists. */
  readonly theory: readonly Component[];
  readonly practice: readonly Component[];
  readonly required: readonly Component[];
  /** The same three lists as positions in ALL_COMPONENTS, the layout of per-pair score arrays. */
  readonly slots: { readonly theory: readonly number[]; readonly practice: readonly number[]; readonly required: readonly number[] };
  readonly started: boolean;
  readonly ended: boolean;
  /** Last day of the retake window, ISO yyyy-MM-dd. */
  readonly deadline: string;
  /** The year a course counts for in the archive: that of its end date. */
  readonly year: number;
}

export interface Plan {
  /** Approved courses whose rows can be graded, by course id. */
  readonly gradable: ReadonlyMap<string, CourseRules>;
  /** The same courses in course_id order (each one's `index`). */
  readonly courses: readonly CourseRules[];
  /** Every approved course, gradable or not: certification requires them all. */
  readonly approved: readonly Course[];
  readonly problems: readonly CourseProblem[];
}

/** `today` is the ISO date of now in the settings zone; ISO dates compare correctly as text. */
export function readPlan(planRows: readonly Course[], settings: Settings, today: string): Plan {
  const approved = planRows.filter((course) => course.approval === '已批准');
  const count = new Map<string, number>();
  for (const course of approved) count.set(course.course_id, (count.get(course.course_id) ?? 0) + 1);

  const valid: Course[] = [];
  const problems: CourseProblem[] = [];
  for (const course of approved) {
    const copies = count.get(course.course_id) ?? 0;
    if (copies > 1) {
      // Which copy is meant cannot be known, and picking one would depend on row order.
      if (!problems.some((p) => p.course_id === course.course_id && p.field === 'course_id'))
        problems.push(duplicateProblem(course, copies));
      continue;
    }
    const found = checkCourse(course);
    if (found.length > 0) problems.push(...found);
    else valid.push(course);
  }
  const courses = valid
    .sort((a, b) => compareText(a.course_id, b.course_id))
    .map((course, index) => courseRules(course, settings, today, index));
  const gradable = new Map(courses.map((rules) => [rules.course.course_id, rules]));
  problems.sort((a, b) => compareText(a.course_id, b.course_id) || compareText(a.field, b.field));
  return { gradable, courses, approved, problems };
}

export function courseRules(course: Course, settings: Settings, today: string, index: number): CourseRules {
  const theory = course.theory_weight > 0 ? partOf(course, THEORY_PARTS) : [];
  const practice = course.practice_weight > 0 ? partOf(course, PRACTICE_PARTS) : [];
  const zone = settings.time_zone;
  const end = DateTime.fromISO(course.end_date, { zone });
  return {
    course,
    index,
    passMark: course.pass_mark ?? settings.pass_mark,
    minAttendance: course.min_attendance ?? settings.min_attendance,
    maxAttempts: course.max_attempts ?? settings.max_attempts,
    theory,
    practice,
    required: [...theory, ...practice],
    slots: { theory: theory.map(slotOf), practice: practice.map(slotOf), required: [...theory, ...practice].map(slotOf) },
    started: today >= course.start_date,
    ended: today > course.end_date,
    // Calendar days in the zone, so a window across a DST change still ends on the right date.
    deadline: end.plus({ days: settings.retake_window_days }).toISODate() ?? course.end_date,
    year: Number(course.end_date.slice(0, 4)),
  };
}

/** Why a course cannot be graded as planned; empty when it can. */
export function checkCourse(course: Course): CourseProblem[] {
  const problems: CourseProblem[] = [];
  const zh = `课程 ${course.course_id}《${course.title}》`;
  const en = `Course ${course.course_id} "${course.title}"`;
  const sum = course.theory_weight + course.practice_weight;
  if (Math.abs(sum - 1) > WEIGHT_TOLERANCE) {
    problems.push({
      course_id: course.course_id,
      field: 'theory_weight',
      message_zh: `${zh}：理论权重 ${course.theory_weight} 与实践权重 ${course.practice_weight} 之和应为 1，现为 ${Number(sum.toPrecision(12))}，该课程暂不评定成绩`,
      message_en: `${en}: Theory weight ${course.theory_weight} and Practice weight ${course.practice_weight} must add up to 1 (they add up to ${Number(sum.toPrecision(12))}); the course is not graded until fixed`,
    });
  }
  const parts = [
    {
      weight: course.theory_weight,
      components: THEORY_PARTS,
      zhName: '理论权重',
      enName: 'Theory weight',
      zhKind: '理论',
      enKind: 'theory',
    },
    {
      weight: course.practice_weight,
      components: PRACTICE_PARTS,
      zhName: '实践权重',
      enName: 'Practice weight',
      zhKind: '实践',
      enKind: 'practice',
    },
  ];
  for (const part of parts) {
    if (part.weight > 0 && partOf(course, part.components).length === 0) {
      const names = part.components.join(', ');
      problems.push({
        course_id: course.course_id,
        field: 'required_components',
        message_zh: `${zh}：${part.zhName}为 ${part.weight}，但考核项目未列出任何${part.zhKind}考核项（${names}），该课程暂不评定成绩`,
        message_en: `${en}: ${part.enName} is ${part.weight} but Required components lists no ${part.enKind} component (${names}); the course is not graded until fixed`,
      });
    }
  }
  return problems;
}

function slotOf(component: Component): number {
  return ALL_COMPONENTS.indexOf(component);
}

function partOf(course: Course, components: readonly Component[]): Component[] {
  return components.filter((component) => course.required_components.includes(component));
}

function duplicateProblem(course: Course, copies: number): CourseProblem {
  return {
    course_id: course.course_id,
    field: 'course_id',
    message_zh: `课程 ${course.course_id}：课程编号在年度培训计划中出现 ${copies} 次（已批准），无法确定按哪一行评定成绩`,
    message_en: `Course ${course.course_id}: Course ID appears ${copies} times among approved Plan rows, so it is unclear which row to grade by`,
  };
}
