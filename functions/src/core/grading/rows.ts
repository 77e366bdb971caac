// Typed rows of the derived tabs; each interface's fields are exactly the template column keys.
import type { Component } from '../model.js';
import type { Certification } from './certification.js';

export type CourseStatus = '进行中' | '通过' | '优秀' | '补考' | '重修/辅导' | '缺考';
export type Band = '优秀' | '良好' | '合格' | '不合格';
export type RetakeReason = '总评不合格' | '缺少考核项' | '出勤不足';
export type CertificationLevel = '' | '助理级' | '专业级·对公' | '专业级·对私' | '高级';

/**
 * Why a course is not passed, with the numbers a trainee and a leader need to see it: a total below the
 * pass mark, components never scored, attendance below the minimum, every attempt used, the retake window closed.
 */
export type Why =
  | { readonly kind: 'below_pass_mark'; readonly total: number; readonly passMark: number }
  | { readonly kind: 'missing'; readonly components: readonly Component[] }
  | { readonly kind: 'attendance'; readonly rate: number; readonly min: number }
  | { readonly kind: 'attempts_used'; readonly attempts: number; readonly max: number }
  | { readonly kind: 'window_closed'; readonly deadline: string };

/** A Plan row that cannot be graded as written; it names the column so staff know what to fix. */
export interface CourseProblem {
  readonly course_id: string;
  readonly field: string;
  readonly message_zh: string;
  readonly message_en: string;
}

/** One (trainee, course) pair on the Grades tab. Blank cells are null; times are ISO-8601 text. */
export interface GradeRow {
  readonly trainee_id: string;
  readonly name: string;
  readonly branch: string;
  readonly cohort: string;
  readonly course_id: string;
  readonly course_title: string;
  readonly theory: number | null;
  readonly practice: number | null;
  readonly total: number | null;
  readonly band: Band | null;
  readonly attendance_rate: number;
  /** 0 when nothing is scored yet. */
  readonly attempt: number;
  readonly status: CourseStatus;
  readonly missing_components: readonly Component[];
  /** Empty unless the course ended unpassed. */
  readonly reasons: readonly Why[];
}

export interface RetakeRow {
  readonly trainee_id: string;
  readonly name: string;
  readonly email: string;
  readonly branch: string;
  readonly course_id: string;
  readonly course_title: string;
  /** The reasons as the retake notice's fingerprint has always named them. */
  readonly reasons: readonly RetakeReason[];
  /** The same reasons with their numbers, for the tab and the notice. */
  readonly why: readonly Why[];
  /** Components to sit at the retake: those missing, and those below the pass mark when the total is. */
  readonly components: readonly Component[];
  readonly total: number | null;
  readonly attendance_rate: number;
  readonly next_attempt: number;
  /** ISO date yyyy-MM-dd. */
  readonly deadline: string;
}

export interface ArchiveRow {
  readonly year: number;
  readonly trainee_id: string;
  readonly name: string;
  readonly branch: string;
  readonly courses_enrolled: number;
  readonly courses_passed: number;
  readonly hours_earned: number;
  readonly average_total: number | null;
  readonly excellent_count: number;
  readonly bonus_points: number;
  readonly unexcused_absences: number;
  readonly certification_level: CertificationLevel;
  /** Per level, courses passed of those required and hours of the level's hours: the progress columns. */
  readonly certification: Certification;
}

export interface SummaryRow {
  readonly section: string;
  readonly item: string;
  readonly trainees: number;
  readonly courses: number;
  readonly graded: number;
  readonly passed: number;
  readonly pass_rate: number | null;
  readonly average: number | null;
  readonly excellent: number;
  readonly open_retakes: number;
  readonly attendance_rate: number | null;
  readonly response_rate: number | null;
  readonly responses: number;
  readonly goal_achievement: number | null;
  readonly content_practicality: number | null;
  readonly method_effectiveness: number | null;
  readonly instructor_level: number | null;
  readonly overall_satisfaction: number | null;
  /** Final results whose e-mails wait for a doubtful row in Problems. */
  readonly held: number;
  readonly notes: string;
  readonly updated_at: string;
}

/** Plain code-unit order: deterministic on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
