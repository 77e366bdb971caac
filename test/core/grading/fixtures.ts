// Shared builders for grading tests: one course, trainee and score shape, named after the scenario they set up.
import { DateTime } from 'luxon';
import type { AttendanceRecord, Component, Course, Evaluation, LeaveRequest, Score, Trainee } from '../../../functions/src/core/model.js';
import { defaultSettings, type Settings } from '../../../functions/src/core/settings.js';
import { recompute, type GradeRow, type RecomputeResult, type SourceData } from '../../../functions/src/core/grading/recompute.js';

/** "Today" for every scenario: 1 July 2026, in the default zone. */
export const NOW = DateTime.fromISO('2026-07-01T10:30:15.250', { zone: 'Asia/Shanghai' });

export function settingsWith(overrides: Partial<Settings> = {}): Settings {
  return { ...defaultSettings(), ...overrides };
}

/** Ended on 25 June: inside the default 14-day retake window (deadline 9 July) on NOW. */
export function endedCourse(overrides: Partial<Course> = {}): Course {
  return {
    course_id: 'C01',
    title: '对公信贷基础',
    category: '基础知识',
    method: '面授',
    level: '助理级',
    direction: '通用',
    instructor: '李老师',
    instructor_type: '内训师',
    start_date: '2026-06-01',
    end_date: '2026-06-25',
    hours: 8,
    sessions: 4,
    theory_weight: 0.5,
    practice_weight: 0.5,
    required_components: ['exam', 'case'],
    approval: '已批准',
    ...overrides,
  };
}

/** Ended on 1 May: its retake window closed on 15 May. */
export function courseEndedLongAgo(overrides: Partial<Course> = {}): Course {
  return endedCourse({ start_date: '2026-04-01', end_date: '2026-05-01', ...overrides });
}

/** Started on 1 June and still running on NOW. */
export function runningCourse(overrides: Partial<Course> = {}): Course {
  return endedCourse({ start_date: '2026-06-01', end_date: '2026-07-31', ...overrides });
}

/** Starts in August: nobody is enrolled yet. */
export function futureCourse(overrides: Partial<Course> = {}): Course {
  return endedCourse({ start_date: '2026-08-01', end_date: '2026-08-31', ...overrides });
}

export function trainee(overrides: Partial<Trainee> = {}): Trainee {
  return {
    trainee_id: 'T001',
    name: '张三',
    email: 'zhangsan@bank.example',
    branch: '城东支行',
    level: '助理级',
    direction: '对公',
    cohort: '2026-春季班',
    status: '在训',
    ...overrides,
  };
}

/** One Scores row per component, all on the same attempt. */
export function scoresFor(traineeId: string, courseId: string, marks: Partial<Record<Component, number>>, attempt = 1): Score[] {
  return Object.entries(marks).map(([component, score]) => ({
    trainee_id: traineeId,
    course_id: courseId,
    component: component as Component,
    attempt,
    score: score ?? 0,
  }));
}

/** One Attendance row per listed session (session n is statuses[n-1]); undefined leaves the session unrecorded. */
export function attendanceFor(
  traineeId: string,
  courseId: string,
  statuses: readonly (AttendanceRecord['status'] | undefined)[],
): AttendanceRecord[] {
  return statuses.flatMap((status, i) =>
    status === undefined ? [] : [{ course_id: courseId, trainee_id: traineeId, session: i + 1, session_date: '2026-06-02', status }],
  );
}

export function presentAtEverySession(traineeId: string, courseId: string, sessions = 4): AttendanceRecord[] {
  return attendanceFor(
    traineeId,
    courseId,
    Array.from({ length: sessions }, () => '出勤' as const),
  );
}

export function leaveFor(traineeId: string, courseId: string, session: number, approval?: LeaveRequest['approval']): LeaveRequest {
  return {
    course_id: courseId,
    trainee_id: traineeId,
    session,
    leave_date: '2026-06-02',
    reason: '客户拜访',
    ...(approval === undefined ? {} : { approval }),
  };
}

export function evaluation(
  courseId: string,
  traineeId: string | undefined,
  rating: number,
  overrides: Partial<Evaluation> = {},
): Evaluation {
  return {
    course_id: courseId,
    ...(traineeId === undefined ? {} : { trainee_id: traineeId }),
    goal_achievement: rating,
    content_practicality: rating,
    method_effectiveness: rating,
    instructor_level: rating,
    overall_satisfaction: rating,
    ...overrides,
  };
}

export function source(parts: Partial<SourceData> = {}): SourceData {
  return {
    settings: settingsWith(),
    courses: [],
    roster: [],
    scores: [],
    attendance: [],
    leave: [],
    evaluations: [],
    ...parts,
  };
}

/**
 * The common scenario: trainee T001 in the ended course C01 (exam + case, half and half), present at
 * all four sessions, with the given marks; `extra` adds or replaces parts of the source.
 */
export function oneTraineeScenario(
  marks: Partial<Record<Component, number>>,
  extra: Partial<SourceData> & { course?: Course } = {},
): SourceData {
  const course = extra.course ?? endedCourse();
  return source({
    courses: [course],
    roster: [trainee()],
    scores: scoresFor('T001', course.course_id, marks),
    attendance: presentAtEverySession('T001', course.course_id, course.sessions),
    ...extra,
  });
}

export function gradeOf(result: RecomputeResult, traineeId = 'T001', courseId = 'C01'): GradeRow {
  const row = result.grades.find((grade) => grade.trainee_id === traineeId && grade.course_id === courseId);
  if (row === undefined) throw new Error(`no Grades row for ${traineeId} / ${courseId}`);
  return row;
}

export function run(data: SourceData, now: DateTime = NOW): RecomputeResult {
  return recompute(data, now);
}
