// Who is graded in which course: roster rows that match an approved, started course.
import type { Course, Trainee } from '../model.js';
import type { PairTable } from './pairs.js';
import type { CourseRules } from './plan.js';
import { compareText } from './rows.js';

export interface RosterEntry {
  /** Position of the trainee_id among all roster ids in sorted order. */
  readonly rank: number;
  /** The trainee's roster rows (one per cohort), first row first. */
  readonly rows: readonly [Trainee, ...Trainee[]];
}

export interface RosterIndex {
  readonly byTrainee: ReadonlyMap<string, RosterEntry>;
}

/**
 * "First" roster row means earliest submitted, then a fixed order of the other columns, rather than
 * sheet order: the output must not change when someone sorts the Roster tab.
 */
export function compareRosterRows(a: Trainee, b: Trainee): number {
  return (
    compareText(a.submitted_at ?? '', b.submitted_at ?? '') ||
    compareText(a.cohort, b.cohort) ||
    compareText(a.submission_id ?? '', b.submission_id ?? '') ||
    compareText(a.branch, b.branch) ||
    compareText(a.name, b.name) ||
    compareText(a.email, b.email) ||
    compareText(a.level, b.level) ||
    compareText(a.direction, b.direction) ||
    compareText(a.status, b.status) ||
    compareText(a.joined_on ?? '', b.joined_on ?? '')
  );
}

export function indexRoster(roster: readonly Trainee[]): RosterIndex {
  const rows = new Map<string, Trainee[]>();
  for (const row of roster) {
    const list = rows.get(row.trainee_id);
    if (list === undefined) rows.set(row.trainee_id, [row]);
    else list.push(row);
  }
  const byTrainee = new Map<string, RosterEntry>();
  [...rows.keys()].sort(compareText).forEach((traineeId, rank) => {
    const list = rows.get(traineeId);
    // Most trainees have one row; only a trainee in several cohorts needs ordering.
    if (list !== undefined && list.length > 1) list.sort(compareRosterRows);
    if (list?.[0] !== undefined) byTrainee.set(traineeId, { rank, rows: list as [Trainee, ...Trainee[]] });
  });
  return { byTrainee };
}

/**
 * Does the plan put this roster row in this course? 通用 courses are for both tracks, and a course that
 * ended before the trainee joined is not theirs (no grade, no e-mail); blank joined means from the start.
 */
export function enrolls(course: Course, row: Trainee): boolean {
  return (
    row.status !== '退出' &&
    row.level === course.level &&
    (course.direction === '通用' || row.direction === course.direction) &&
    (row.joined_on === undefined || course.end_date >= row.joined_on)
  );
}

/** Add every enrolled pair of the started courses; with two matching cohorts the first roster row names the pair. */
export function enroll(table: PairTable, courses: readonly CourseRules[], roster: RosterIndex): void {
  const started = courses.filter((rules) => rules.started);
  for (const entry of roster.byTrainee.values()) {
    for (const rules of started) {
      for (const row of entry.rows) {
        if (!enrolls(rules.course, row)) continue;
        table.add(rules, row, entry);
        break;
      }
    }
  }
}
