// Attendance rate per pair: sessions attended over sessions held, approved leave taken out of the count.
import { DateTime } from 'luxon';
import type { AttendanceRecord, LeaveRequest } from '../model.js';
import type { RosterEntry, RosterIndex } from './enrollment.js';
import type { PairTable } from './pairs.js';
import type { CourseRules } from './plan.js';

export const ATTENDED = 1;
export const EXCUSED = 2;

/**
 * One byte per pair and planned session, in one flat array: a pair's sessions start at offsets[pair]
 * and session n is at offsets[pair] + n − 1. No Set or string key per pair or per row.
 */
export interface AttendanceBook {
  readonly offsets: Int32Array;
  readonly marks: Uint8Array;
  /** Per course index: the highest session anyone has a record for, i.e. how far a running course has got. */
  readonly recorded: Int32Array;
  /**
   * Per course index, the date of each session (index n − 1): the earliest date recorded for it in
   * Attendance or Leave, else its place in the course window. Sessions before a trainee joined are not theirs.
   */
  readonly dates: readonly (readonly string[])[];
}

export interface AttendanceResult {
  readonly held: number;
  readonly attended: number;
  readonly excused: number;
  /** held − excused; the rate's denominator. */
  readonly denominator: number;
  /** Held sessions neither attended nor excused, with or without an absence record. */
  readonly unexcused: number;
  /** Unrounded, so a comparison with the minimum is exact (7/10 is the same double as 0.7). */
  readonly rate: number;
}

/** One pass over Attendance and one over Leave, after every pair is known. */
export function readAttendance(
  attendance: readonly AttendanceRecord[],
  leave: readonly LeaveRequest[],
  table: PairTable,
  gradable: ReadonlyMap<string, CourseRules>,
  roster: RosterIndex,
): AttendanceBook {
  const offsets = new Int32Array(table.size + 1);
  for (let pair = 0; pair < table.size; pair += 1) offsets[pair + 1] = (offsets[pair] ?? 0) + (table.rules[pair]?.course.sessions ?? 0);
  const marks = new Uint8Array(offsets[table.size] ?? 0);
  const recorded = new Int32Array(gradable.size);
  const dates = sessionDates(attendance, leave, gradable, joinedMidCourse(gradable, roster));
  const book = { offsets, marks, recorded, dates };

  // Rows come in runs of one course and often of one trainee; comparing ids is cheaper than hashing every row's.
  let courseId: string | undefined;
  let rules: CourseRules | undefined;
  let traineeId: string | undefined;
  let entry: RosterEntry | undefined;
  for (const row of attendance) {
    if (row.course_id !== courseId) {
      courseId = row.course_id;
      rules = gradable.get(courseId);
    }
    if (rules === undefined) continue;
    if (Number.isInteger(row.session) && row.session > (recorded[rules.index] ?? 0)) recorded[rules.index] = row.session;
    if (row.status !== '出勤' && row.status !== '迟到') continue;
    if (row.trainee_id !== traineeId) {
      traineeId = row.trainee_id;
      entry = roster.byTrainee.get(traineeId);
    }
    if (entry !== undefined) mark(book, table, rules, entry, row.session, ATTENDED);
  }
  for (const row of leave) {
    if (row.approval !== '已批准') continue;
    const leaveRules = gradable.get(row.course_id);
    const leaveEntry = roster.byTrainee.get(row.trainee_id);
    if (leaveRules !== undefined && leaveEntry !== undefined) mark(book, table, leaveRules, leaveEntry, row.session, EXCUSED);
  }
  return book;
}

/** The courses someone joined after they started: only their sessions need a date. */
function joinedMidCourse(gradable: ReadonlyMap<string, CourseRules>, roster: RosterIndex): Set<string> {
  const joined = new Set<string>();
  for (const entry of roster.byTrainee.values()) for (const row of entry.rows) if (row.joined_on !== undefined) joined.add(row.joined_on);
  const courses = new Set<string>();
  if (joined.size === 0) return courses;
  for (const rules of gradable.values()) {
    for (const date of joined) if (date > rules.course.start_date && date <= rules.course.end_date) courses.add(rules.course.course_id);
  }
  return courses;
}

/**
 * Session dates of the courses in `needed`, as staff recorded them; an unrecorded session sits at its even
 * share of the window. Other courses get none: nobody's attendance there starts mid-course.
 */
export function sessionDates(
  attendance: readonly AttendanceRecord[],
  leave: readonly LeaveRequest[],
  gradable: ReadonlyMap<string, CourseRules>,
  needed: ReadonlySet<string>,
): string[][] {
  const dates: string[][] = Array.from({ length: gradable.size }, () => []);
  if (needed.size === 0) return dates;
  const note = (courseId: string, session: number, date: string) => {
    if (!needed.has(courseId)) return;
    const rules = gradable.get(courseId);
    if (rules === undefined || date === '' || !Number.isInteger(session) || session < 1 || session > rules.course.sessions) return;
    const list = dates[rules.index] as string[];
    const known = list[session - 1];
    if (known === undefined || date < known) list[session - 1] = date;
  };
  for (const row of attendance) note(row.course_id, row.session, row.session_date);
  for (const row of leave) note(row.course_id, row.session, row.leave_date);
  for (const rules of gradable.values()) {
    if (!needed.has(rules.course.course_id)) continue;
    const list = dates[rules.index] as string[];
    const { start_date: start, end_date: end, sessions } = rules.course;
    const span = DateTime.fromISO(end).diff(DateTime.fromISO(start), 'days').days;
    for (let i = 0; i < sessions; i += 1) {
      if (list[i] !== undefined) continue;
      const offset = sessions === 1 ? 0 : Math.round((i * span) / (sessions - 1));
      list[i] = DateTime.fromISO(start).plus({ days: offset }).toISODate() ?? start;
    }
  }
  return dates;
}

function mark(book: AttendanceBook, table: PairTable, rules: CourseRules, entry: RosterEntry, session: number, flag: number): void {
  // Sessions beyond the plan are never held, so they can neither count nor excuse.
  if (!Number.isInteger(session) || session < 1 || session > rules.course.sessions) return;
  const pair = table.pairOf(rules, entry);
  if (pair === undefined) return;
  const at = (book.offsets[pair] ?? 0) + session - 1;
  book.marks[at] = (book.marks[at] ?? 0) | flag;
}

/** Sessions held so far: all of them once the course has ended, else as far as any record reaches. */
export function sessionsHeld(book: AttendanceBook, rules: CourseRules): number {
  return rules.ended ? rules.course.sessions : Math.min(book.recorded[rules.index] ?? 0, rules.course.sessions);
}

/**
 * A pair's attendance over the sessions held; with `joined` (a trainee who joined mid-course), only the
 * sessions on or after that day count, so a June joiner is not absent from May's sessions.
 */
export function attendanceFor(book: AttendanceBook, pair: number, held: number, rules?: CourseRules, joined?: string): AttendanceResult {
  const start = book.offsets[pair] ?? 0;
  const dates = joined !== undefined && rules !== undefined && joined > rules.course.start_date ? book.dates[rules.index] : undefined;
  let counted = 0;
  let attended = 0;
  let excused = 0;
  for (let at = start; at < start + held; at += 1) {
    if (dates !== undefined && (dates[at - start] ?? '') < (joined ?? '')) continue;
    counted += 1;
    const flags = book.marks[at] ?? 0;
    // A session attended despite approved leave counts as attended, not excused.
    if ((flags & ATTENDED) !== 0) attended += 1;
    else if ((flags & EXCUSED) !== 0) excused += 1;
  }
  const denominator = counted - excused;
  return {
    held: counted,
    attended,
    excused,
    denominator,
    unexcused: denominator - attended,
    rate: denominator === 0 ? 1 : attended / denominator,
  };
}
