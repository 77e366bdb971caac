// What appraisal needs of the graded year, tallied per trainee and calendar month: any period is a sum of months.
import type { AttendanceBook } from '../grading/attendance.js';
import { ATTENDED, EXCUSED } from '../grading/attendance.js';
import type { GradedPair } from '../grading/grades.js';

/** One trainee's figures in one month (yyyy-MM); hours unrounded, so a period's sum rounds once. */
export interface MonthTally {
  hours: number;
  passed: number;
  excellent: number;
  absences: number;
}

export interface TraineeFacts {
  readonly trainee_id: string;
  readonly name: string;
  readonly branch: string;
  /** By yyyy-MM. */
  readonly months: Map<string, MonthTally>;
}

/** By trainee_id, in trainee_id order (the order pairs come in). */
export type AppraisalFacts = ReadonlyMap<string, TraineeFacts>;

export interface FactsInput {
  /** Graded pairs in trainee order, and each one's pair id in the attendance book (same positions). */
  readonly pairs: readonly GradedPair[];
  readonly pairIds: readonly number[];
  readonly book: AttendanceBook;
  /** Per course index: sessions held so far. */
  readonly held: readonly number[];
  /** Per course index, the date of each session (sessionDates over every course). */
  readonly dates: readonly (readonly string[])[];
}

const month = (date: string): string => date.slice(0, 7);

function tallyOf(facts: TraineeFacts, key: string): MonthTally {
  let tally = facts.months.get(key);
  if (tally === undefined) facts.months.set(key, (tally = { hours: 0, passed: 0, excellent: 0, absences: 0 }));
  return tally;
}

/**
 * Hours: a course's Plan hours × sessions attended (出勤 or 迟到) ÷ its sessions, each session in the month of
 * its date; approved leave earns none. Unexcused absences: held sessions neither attended nor on approved
 * leave, in the month of the session date, sessions before a mid-course joiner's joined_on left out as the
 * grading does. Results (passed, 优秀) count in the month of the course's end date.
 */
export function appraisalFacts({ pairs, pairIds, book, held, dates }: FactsInput): AppraisalFacts {
  const facts = new Map<string, TraineeFacts>();
  pairs.forEach((pair, i) => {
    const id = pairIds[i];
    if (id === undefined) return;
    const { course, index } = pair.rules;
    let trainee = facts.get(pair.row.trainee_id);
    if (trainee === undefined) {
      trainee = { trainee_id: pair.row.trainee_id, name: pair.trainee.name, branch: pair.trainee.branch, months: new Map() };
      facts.set(trainee.trainee_id, trainee);
    }
    const courseDates = dates[index] ?? [];
    const joined = pair.trainee.joined_on !== undefined && pair.trainee.joined_on > course.start_date ? pair.trainee.joined_on : '';
    const start = book.offsets[id] ?? 0;
    const heldHere = held[index] ?? 0;
    for (let n = 0; n < course.sessions; n += 1) {
      const date = courseDates[n] ?? course.end_date;
      if (date < joined) continue;
      const flags = book.marks[start + n] ?? 0;
      if ((flags & ATTENDED) !== 0) tallyOf(trainee, month(date)).hours += course.hours / course.sessions;
      else if (n < heldHere && (flags & EXCUSED) === 0) tallyOf(trainee, month(date)).absences += 1;
    }
    const { status } = pair.row;
    if (status === '通过' || status === '优秀') tallyOf(trainee, month(course.end_date)).passed += 1;
    if (status === '优秀') tallyOf(trainee, month(course.end_date)).excellent += 1;
  });
  return facts;
}
