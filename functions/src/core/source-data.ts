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
import { cellText } from './cells.js';
import {
  parseAttendance,
  parseEvaluations,
  parseLeave,
  parsePlan,
  parseRoster,
  parseScores,
  type Course,
  type InvalidRow,
} from './model.js';
import type { SourceData } from './grading/recompute.js';
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
  readonly invalid: readonly InvalidRow[];
}

interface Keyed {
  readonly submission_id?: string;
  readonly trainee_id?: string;
  readonly course_id: string;
}

/**
 * Typed source rows from the tables. A row is set aside when it does not match its column types, when
 * its submission id repeats an earlier row's, or when it names a trainee or course that does not exist.
 */
export function readSourceRows(tables: ReadonlyMap<string, Table>): SourceRows {
  const settings = parseSettings(tables.get(SETTINGS_TAB.name));
  const zone = settings.time_zone;
  const invalid: InvalidRow[] = [];

  const plan = parsePlan(tables.get(PLAN_TAB.name), zone);
  const roster = parseRoster(tables.get(ROSTER_TAB.name), zone);
  invalid.push(...plan.invalid, ...roster.invalid);

  const courseRows = new Map<string, number>();
  const courses: Course[] = [];
  for (const row of tables.get(PLAN_TAB.name)?.rows ?? []) {
    const id = cellText(row.values['course_id']);
    if (id !== '' && !courseRows.has(id)) courseRows.set(id, row.rowNumber);
  }
  const seenCourses = new Set<string>();
  plan.rows.forEach((course) => {
    if (seenCourses.has(course.course_id)) {
      invalid.push(
        rowProblem(PLAN_TAB.name, tables.get(PLAN_TAB.name), course.course_id, 'course_id', {
          field: 'course_id',
          rule: 'already_recorded',
        }),
      );
      return;
    }
    seenCourses.add(course.course_id);
    courses.push(course);
  });
  const traineeIds = new Set(roster.rows.map((trainee) => trainee.trainee_id));

  const keep = <T extends Keyed>(
    tabName: string,
    parsed: { rows: readonly T[]; invalid: readonly InvalidRow[] },
    anonymousAllowed: boolean,
  ): T[] => {
    invalid.push(...parsed.invalid);
    const table = tables.get(tabName);
    const validRows = validRowsOf(table, parsed.invalid);
    const ids = new Set<string>();
    const kept: T[] = [];
    parsed.rows.forEach((row, i) => {
      const sheetRow = validRows[i];
      const problems: Problem[] = [];
      if (row.submission_id !== undefined) {
        if (ids.has(row.submission_id)) problems.push({ field: 'submission_id', rule: 'already_recorded' });
        ids.add(row.submission_id);
      }
      if (!seenCourses.has(row.course_id))
        problems.push({ field: 'course_id', rule: 'unknown_course', params: { course_id: row.course_id } });
      if (row.trainee_id !== undefined ? !traineeIds.has(row.trainee_id) : !anonymousAllowed) {
        problems.push({ field: 'trainee_id', rule: 'unknown_trainee', params: { trainee_id: row.trainee_id ?? '' } });
      }
      if (problems.length > 0) invalid.push({ tab: tabName, rowNumber: sheetRow?.rowNumber ?? 0, problems, raw: sheetRow?.values ?? {} });
      else kept.push(row);
    });
    return kept;
  };

  return {
    settings,
    courses,
    roster: roster.rows,
    scores: keep(SCORES_TAB.name, parseScores(tables.get(SCORES_TAB.name), zone), false),
    attendance: keep(ATTENDANCE_TAB.name, parseAttendance(tables.get(ATTENDANCE_TAB.name), zone), false),
    leave: keep(LEAVE_TAB.name, parseLeave(tables.get(LEAVE_TAB.name), zone), false),
    evaluations: keep(EVALUATIONS_TAB.name, parseEvaluations(tables.get(EVALUATIONS_TAB.name), zone), true),
    courseRows,
    invalid,
  };
}

/** The sheet rows that parsed, in order, so the i-th typed row can be traced back to its sheet row. */
function validRowsOf(table: Table | undefined, invalid: readonly InvalidRow[]): SheetRow[] {
  const bad = new Set(invalid.map((row) => row.rowNumber));
  return (table?.rows ?? []).filter((row) => !bad.has(row.rowNumber));
}

function rowProblem(tab: string, table: Table | undefined, value: string, key: string, problem: Problem): InvalidRow {
  const rows = (table?.rows ?? []).filter((row) => cellText(row.values[key]) === value);
  const row = rows[rows.length - 1];
  return { tab, rowNumber: row?.rowNumber ?? 0, problems: [problem], raw: row?.values ?? {} };
}
