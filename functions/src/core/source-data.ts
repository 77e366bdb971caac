// Reads the source tabs into typed rows for grading; rows that no longer validate are set aside with their reasons.
import {
  ATTENDANCE_TAB,
  EVALUATIONS_TAB,
  LEAVE_TAB,
  PLAN_TAB,
  ROSTER_TAB,
  SCORES_TAB,
  SETTINGS_TAB,
} from '../../../sheets-templates/index.js';
import { cellId } from './cells.js';
import type { Doubt } from './grading/holds.js';
import type { SourceData } from './grading/recompute.js';
import {
  parseAttendance,
  parseEvaluations,
  parseLeave,
  parsePlan,
  parseRoster,
  parseScores,
  type BrokenCourse,
  type Course,
  type InvalidRow,
  type PlanRow,
} from './model.js';
import type { Problem } from './problems.js';
import { parseSettings } from './settings.js';
import type { SheetRow, Table } from './table.js';

/** Every tab grading reads, in one batched read. */
export const SOURCE_TAB_NAMES = [SETTINGS_TAB, PLAN_TAB, ROSTER_TAB, ATTENDANCE_TAB, LEAVE_TAB, SCORES_TAB, EVALUATIONS_TAB].map(
  (tab) => tab.name,
);

export interface SourceRows extends SourceData {
  /** Sheet row of each course, so a course grading cannot use can be pointed at. */
  readonly courseRows: ReadonlyMap<string, number>;
  /** Source rows set aside, with their problems (Settings and broken Plan rows are reported apart). */
  readonly invalid: readonly InvalidRow[];
  /** Plan rows whose course is known but cannot be graded until a cell is fixed. */
  readonly broken: readonly BrokenCourse[];
  readonly doubts: readonly Doubt[];
}

interface Keyed {
  readonly submission_id?: string;
  readonly trainee_id?: string;
  readonly course_id: string;
}

/** What the rows of the other tabs are checked against: the ids the plan and roster know, readable or not. */
interface Known {
  readonly courses: ReadonlySet<string>;
  readonly trainees: ReadonlySet<string>;
  /** Trainee id → row number of a Roster row of theirs that does not validate. */
  readonly brokenTrainees: ReadonlyMap<string, number>;
}

/**
 * Typed source rows from the tables. A row is set aside when it does not match its column types, when
 * its submission id repeats an earlier row's, or when it names a trainee or course that does not exist.
 * A set-aside row of Scores, Attendance, Leave or Roster is a doubt on the results it touches.
 */
export function readSourceRows(tables: ReadonlyMap<string, Table>): SourceRows {
  const settings = parseSettings(tables.get(SETTINGS_TAB.name));
  const zone = settings.time_zone;
  const invalid: InvalidRow[] = [];
  const doubts: Doubt[] = [];

  const plan = planCourses(tables.get(PLAN_TAB.name), zone, invalid);
  const roster = parseRoster(tables.get(ROSTER_TAB.name), zone);
  invalid.push(...roster.invalid);
  const brokenTrainees = new Map<string, number>();
  for (const row of roster.invalid) {
    const id = cellId(row.raw['trainee_id']);
    if (id === '') continue;
    if (!brokenTrainees.has(id)) brokenTrainees.set(id, row.rowNumber);
    doubts.push({ tab: ROSTER_TAB.name, rowNumber: row.rowNumber, traineeId: id });
  }
  const known: Known = {
    courses: new Set(plan.rows.map((row) => row.course_id)),
    trainees: new Set(roster.rows.map((trainee) => trainee.trainee_id)),
    brokenTrainees,
  };
  const keep = <T extends Keyed>(tabName: string, parsed: { rows: readonly T[]; invalid: readonly InvalidRow[] }, doubtful: boolean) =>
    keepRows(tabName, tables.get(tabName), parsed, known, { invalid, doubts: doubtful ? doubts : [] });

  return {
    settings,
    courses: plan.courses,
    roster: roster.rows,
    scores: keep(SCORES_TAB.name, parseScores(tables.get(SCORES_TAB.name), zone), true),
    attendance: keep(ATTENDANCE_TAB.name, parseAttendance(tables.get(ATTENDANCE_TAB.name), zone), true),
    leave: keep(LEAVE_TAB.name, parseLeave(tables.get(LEAVE_TAB.name), zone), true),
    // An evaluation changes no result, so a bad one holds none back.
    evaluations: keep(EVALUATIONS_TAB.name, parseEvaluations(tables.get(EVALUATIONS_TAB.name), zone), false),
    courseRows: plan.courseRows,
    invalid,
    broken: plan.broken,
    doubts,
  };
}

/** The plan's courses, each id once (a repeat is set aside), and the rows whose course cannot be graded. */
function planCourses(table: Table | undefined, zone: string, invalid: InvalidRow[]) {
  const plan = parsePlan(table, zone);
  invalid.push(...plan.invalid);
  const courseRows = new Map<string, number>();
  for (const row of table?.rows ?? []) {
    const id = cellId(row.values['course_id']);
    if (id !== '' && !courseRows.has(id)) courseRows.set(id, row.rowNumber);
  }
  const seen = new Set<string>();
  const rows: PlanRow[] = [];
  for (const row of plan.rows) {
    if (seen.has(row.course_id)) {
      invalid.push(rowProblem(PLAN_TAB.name, table, row.course_id, 'course_id', { field: 'course_id', rule: 'already_recorded' }));
      continue;
    }
    seen.add(row.course_id);
    rows.push(row);
  }
  const courses = rows.filter((row): row is Course => !('broken' in row));
  const broken = rows.filter((row): row is BrokenCourse => 'broken' in row);
  return { rows, courses, broken, courseRows };
}

/** A row's trainee and course, when the plan and roster know them: what its doubt holds back. */
function doubtOf(tab: string, rowNumber: number, traineeId: string, courseId: string, known: Known): Doubt {
  return {
    tab,
    rowNumber,
    ...(known.trainees.has(traineeId) || known.brokenTrainees.has(traineeId) ? { traineeId } : {}),
    ...(known.courses.has(courseId) ? { courseId } : {}),
  };
}

function keepRows<T extends Keyed>(
  tabName: string,
  table: Table | undefined,
  parsed: { rows: readonly T[]; invalid: readonly InvalidRow[] },
  known: Known,
  out: { invalid: InvalidRow[]; doubts: Doubt[] },
): T[] {
  out.invalid.push(...parsed.invalid);
  for (const row of parsed.invalid) {
    out.doubts.push(doubtOf(tabName, row.rowNumber, cellId(row.raw['trainee_id']), cellId(row.raw['course_id']), known));
  }
  const validRows = validRowsOf(table, parsed.invalid);
  const ids = new Set<string>();
  const kept: T[] = [];
  parsed.rows.forEach((row, i) => {
    const sheetRow = validRows[i];
    const problems = rowProblems(row, ids, known, tabName === EVALUATIONS_TAB.name);
    if (problems.length === 0) {
      kept.push(row);
      return;
    }
    const rowNumber = sheetRow?.rowNumber ?? 0;
    out.invalid.push({ tab: tabName, rowNumber, problems, raw: sheetRow?.values ?? {} });
    out.doubts.push(doubtOf(tabName, rowNumber, row.trainee_id ?? '', row.course_id, known));
  });
  return kept;
}

function rowProblems(row: Keyed, ids: Set<string>, known: Known, anonymousAllowed: boolean): Problem[] {
  const problems: Problem[] = [];
  if (row.submission_id !== undefined) {
    if (ids.has(row.submission_id)) problems.push({ field: 'submission_id', rule: 'already_recorded' });
    ids.add(row.submission_id);
  }
  // A course whose plan row has a bad cell is known: its rows wait for it, they are not wrong.
  if (!known.courses.has(row.course_id))
    problems.push({ field: 'course_id', rule: 'unknown_course', params: { course_id: row.course_id } });
  const traineeId = row.trainee_id;
  if (traineeId === undefined ? !anonymousAllowed : !known.trainees.has(traineeId)) {
    const brokenRow = traineeId === undefined ? undefined : known.brokenTrainees.get(traineeId);
    problems.push(
      brokenRow === undefined
        ? { field: 'trainee_id', rule: 'unknown_trainee', params: { trainee_id: traineeId ?? '' } }
        : { field: 'trainee_id', rule: 'trainee_row_invalid', params: { trainee_id: traineeId ?? '', row: brokenRow } },
    );
  }
  return problems;
}

/** The sheet rows that parsed, in order, so the i-th typed row can be traced back to its sheet row. */
function validRowsOf(table: Table | undefined, invalid: readonly InvalidRow[]): SheetRow[] {
  const bad = new Set(invalid.map((row) => row.rowNumber));
  return (table?.rows ?? []).filter((row) => !bad.has(row.rowNumber));
}

function rowProblem(tab: string, table: Table | undefined, value: string, key: string, problem: Problem): InvalidRow {
  const rows = (table?.rows ?? []).filter((row) => cellId(row.values[key]) === value);
  const row = rows[rows.length - 1];
  return { tab, rowNumber: row?.rowNumber ?? 0, problems: [problem], raw: row?.values ?? {} };
}
