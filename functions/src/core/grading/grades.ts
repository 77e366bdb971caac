// One graded pair and the Grades and Retakes rows it produces.
import type { Trainee } from '../model.js';
import type { Settings } from '../settings.js';
import { attendanceFor, type AttendanceBook } from './attendance.js';
import { roundHalfUp } from './decimal.js';
import type { CourseRules } from './plan.js';
import type { GradeRow, RetakeReason, RetakeRow } from './rows.js';
import type { ScoreBook } from './scores.js';
import { decideStatus } from './status.js';
import { courseTotal } from './total.js';

/**
 * What the archive and summary need of a pair besides its Grades row. Kept flat on purpose: it lives
 * until the end of a recompute, and every extra object per pair is one more thing the GC must copy.
 */
export interface GradedPair {
  readonly row: GradeRow;
  /** The roster row the pair is graded under. */
  readonly trainee: Trainee;
  readonly rules: CourseRules;
  readonly reasons: readonly RetakeReason[];
  readonly attended: number;
  readonly denominator: number;
  readonly unexcused: number;
}

export interface GradingContext {
  readonly settings: Settings;
  readonly today: string;
  readonly updatedAt: string;
  readonly scores: ScoreBook;
  readonly attendance: AttendanceBook;
}

export function gradePair(context: GradingContext, pair: number, trainee: Trainee, rules: CourseRules, held: number): GradedPair {
  const score = courseTotal(rules, context.scores, pair);
  const attendance = attendanceFor(context.attendance, pair, held, rules, trainee.joined_on);
  const outcome = decideStatus({ rules, total: score, attendanceRate: attendance.rate, today: context.today, settings: context.settings });
  const row: GradeRow = {
    trainee_id: trainee.trainee_id,
    name: trainee.name,
    branch: trainee.branch,
    cohort: trainee.cohort,
    course_id: rules.course.course_id,
    course_title: rules.course.title,
    theory: score.theory,
    practice: score.practice,
    total: outcome.total,
    band: outcome.band,
    attendance_rate: roundHalfUp(attendance.rate, 4),
    attempt: score.attempt,
    status: outcome.status,
    missing_components: score.missing,
    updated_at: context.updatedAt,
  };
  return {
    row,
    trainee,
    rules,
    reasons: outcome.reasons,
    attended: attendance.attended,
    denominator: attendance.denominator,
    unexcused: attendance.unexcused,
  };
}

/** Only a pair whose status is 补考 is on the Retakes list; the others are final or still running. */
export function retakeRow(pair: GradedPair): RetakeRow | undefined {
  const { row, trainee, rules, reasons } = pair;
  if (row.status !== '补考') return undefined;
  return {
    trainee_id: row.trainee_id,
    name: row.name,
    email: trainee.email,
    branch: row.branch,
    course_id: row.course_id,
    course_title: row.course_title,
    reasons,
    total: row.total,
    attendance_rate: row.attendance_rate,
    // Nothing scored yet means the retake is the first attempt.
    next_attempt: row.attempt + 1,
    deadline: rules.deadline,
    updated_at: row.updated_at,
  };
}
