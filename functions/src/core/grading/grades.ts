// One graded pair and the Grades and Retakes rows it produces.
import type { Component, Trainee } from '../model.js';
import type { Settings } from '../settings.js';
import { attendanceFor, type AttendanceBook } from './attendance.js';
import { roundHalfUp } from './decimal.js';
import type { CourseRules } from './plan.js';
import type { GradeRow, RetakeReason, RetakeRow, Why } from './rows.js';
import type { ScoreBook } from './scores.js';
import { decideStatus, type Outcome } from './status.js';
import { courseTotal, type CourseTotal } from './total.js';

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
  /** What a retake asks the trainee to sit; empty unless the status is 补考. */
  readonly retake: readonly Component[];
  readonly attended: number;
  readonly denominator: number;
  readonly unexcused: number;
}

export interface GradingContext {
  readonly settings: Settings;
  readonly today: string;
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
    reasons: whyNot(outcome, rules, score, attendance.rate, context.today),
  };
  return {
    row,
    trainee,
    rules,
    reasons: outcome.reasons,
    retake: outcome.status === '补考' ? toRetake(rules, score, context.scores, pair) : NOTHING,
    attended: attendance.attended,
    denominator: attendance.denominator,
    unexcused: attendance.unexcused,
  };
}

const NOTHING: readonly never[] = Object.freeze([]);

/** The reasons of an unpassed, ended course with their numbers; empty (shared) for the passing majority. */
function whyNot(outcome: Outcome, rules: CourseRules, score: CourseTotal, rate: number, today: string): readonly Why[] {
  if (outcome.reasons.length === 0) return NOTHING;
  const why: Why[] = [];
  if (outcome.reasons.includes('总评不合格') && score.total !== null)
    why.push({ kind: 'below_pass_mark', total: score.total, passMark: rules.passMark });
  if (outcome.reasons.includes('缺少考核项')) why.push({ kind: 'missing', components: score.missing });
  if (outcome.reasons.includes('出勤不足')) why.push({ kind: 'attendance', rate, min: rules.minAttendance });
  if (outcome.status === '重修/辅导' || outcome.status === '缺考') {
    if (score.attempt >= rules.maxAttempts) why.push({ kind: 'attempts_used', attempts: score.attempt, max: rules.maxAttempts });
    else if (today > rules.deadline) why.push({ kind: 'window_closed', deadline: rules.deadline });
  }
  return why;
}

/**
 * What to sit at the retake: every missing component, and when the total is below the pass mark the
 * components scored below it (all of them, should rounding leave none below), in template order.
 */
function toRetake(rules: CourseRules, score: CourseTotal, book: ScoreBook, pair: number): readonly Component[] {
  const below = score.total !== null && score.total < rules.passMark;
  const low = below ? rules.required.filter((_component, i) => book.score(pair, rules.slots.required[i] ?? 0) < rules.passMark) : [];
  const sit = new Set<Component>([...score.missing, ...(below && low.length === 0 ? rules.required : low)]);
  return rules.required.filter((component) => sit.has(component));
}

/** Only a pair whose status is 补考 is on the Retakes list; the others are final or still running. */
export function retakeRow(pair: GradedPair): RetakeRow | undefined {
  const { row, trainee, rules, reasons, retake } = pair;
  if (row.status !== '补考') return undefined;
  return {
    trainee_id: row.trainee_id,
    name: row.name,
    email: trainee.email,
    branch: row.branch,
    course_id: row.course_id,
    course_title: row.course_title,
    reasons,
    why: row.reasons,
    components: retake,
    total: row.total,
    attendance_rate: row.attendance_rate,
    // Nothing scored yet means the retake is the first attempt.
    next_attempt: row.attempt + 1,
    deadline: rules.deadline,
  };
}
