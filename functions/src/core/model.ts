// Typed rows of the source tabs, read from tables through the generated schemas; bad rows are kept aside.
import {
  ATTENDANCE_TAB,
  EVALUATIONS_TAB,
  LEAVE_TAB,
  PLAN_TAB,
  ROSTER_TAB,
  SCORES_TAB,
  type TabDef,
} from '../../../sheets-templates/index.js';
import { cellText } from './cells.js';
import type { Problem } from './problems.js';
import { parseColumns, parseRow, type TypedRow } from './schemas.js';
import type { Table } from './table.js';

export type Component = 'exam' | 'paper' | 'classroom' | 'project' | 'case' | 'simulation' | 'performance';
export type Level = '助理级' | '专业级' | '高级';
export type Direction = '对公' | '对私' | '通用';
export type Approval = '待审批' | '已批准' | '已驳回';

export interface Course {
  readonly course_id: string;
  readonly title: string;
  readonly category: string;
  readonly method: string;
  readonly level: Level;
  readonly direction: Direction;
  readonly instructor: string;
  readonly instructor_type: string;
  readonly start_date: string;
  readonly end_date: string;
  readonly hours: number;
  readonly sessions: number;
  readonly theory_weight: number;
  readonly practice_weight: number;
  readonly required_components: readonly Component[];
  readonly pass_mark?: number;
  readonly min_attendance?: number;
  readonly max_attempts?: number;
  readonly approval: Approval;
}

export interface Trainee {
  readonly trainee_id: string;
  readonly name: string;
  readonly email: string;
  readonly branch: string;
  readonly level: Level;
  readonly direction: '对公' | '对私';
  readonly cohort: string;
  readonly status: '在训' | '暂停' | '结业' | '退出';
  readonly submission_id?: string;
  readonly submitted_at?: string;
  /** ISO date; courses that ended before it are not the trainee's. Absent: from the start of the plan year. */
  readonly joined_on?: string;
}

export interface Score {
  readonly submission_id?: string;
  readonly submitted_at?: string;
  readonly trainee_id: string;
  readonly course_id: string;
  readonly component: Component;
  readonly attempt: number;
  readonly score: number;
  readonly assessor?: string;
}

export interface AttendanceRecord {
  readonly submission_id?: string;
  readonly submitted_at?: string;
  readonly course_id: string;
  readonly trainee_id: string;
  readonly session: number;
  readonly session_date: string;
  readonly status: '出勤' | '迟到' | '缺勤' | '请假';
  readonly recorded_by?: string;
}

export interface LeaveRequest {
  readonly submission_id?: string;
  readonly submitted_at?: string;
  readonly course_id: string;
  readonly trainee_id: string;
  readonly session: number;
  readonly leave_date: string;
  readonly reason: string;
  readonly approval?: Approval;
  readonly approver?: string;
}

export interface Evaluation {
  readonly submission_id?: string;
  readonly submitted_at?: string;
  readonly course_id: string;
  readonly trainee_id?: string;
  readonly goal_achievement: number;
  readonly content_practicality: number;
  readonly method_effectiveness: number;
  readonly instructor_level: number;
  readonly overall_satisfaction: number;
  readonly comment?: string;
}

/** A source row that does not validate: where it is and what is wrong, so staff can fix it. */
export interface InvalidRow {
  readonly tab: string;
  readonly rowNumber: number;
  readonly problems: readonly Problem[];
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface Parsed<T> {
  readonly rows: readonly T[];
  readonly invalid: readonly InvalidRow[];
}

/**
 * A Plan row whose course id reads but another cell does not: the course is known (submissions for it are
 * not "not in the plan") but cannot be graded, and only the work that needs its bad cells waits.
 */
export interface BrokenCourse {
  readonly broken: true;
  readonly course_id: string;
  readonly rowNumber: number;
  /** The cells that did validate. */
  readonly fields: Partial<Course>;
  /** Columns whose cell did not. */
  readonly badFields: readonly string[];
  readonly problems: readonly Problem[];
}

export type PlanRow = Course | BrokenCourse;

export function isBroken(row: PlanRow): row is BrokenCourse {
  return 'broken' in row;
}

export interface ParsedPlan {
  /** Every Plan row with a readable course id, gradable or not, in sheet order. */
  readonly rows: readonly PlanRow[];
  readonly courses: readonly Course[];
  readonly broken: readonly BrokenCourse[];
  /** Rows without a readable course id. */
  readonly invalid: readonly InvalidRow[];
}

/** Parse every row of a table; the type parameter must match the tab's template (checked by tests). */
export function parseTable<T>(tab: TabDef, table: Table | undefined, zone: string): Parsed<T> {
  const rows: T[] = [];
  const invalid: InvalidRow[] = [];
  for (const sheetRow of table?.rows ?? []) {
    const result = parseRow(tab, sheetRow.values, zone);
    if (result.ok) rows.push(result.row as unknown as T);
    else
      invalid.push({
        tab: tab.name,
        rowNumber: sheetRow.rowNumber,
        problems: withTypedValues(tab, result.problems, sheetRow.values),
        raw: sheetRow.values,
      });
  }
  return { rows, invalid };
}

/**
 * A range problem of a sheet row names what the cell holds, so the Problems tab can say "理论权重 -0.5 不在
 * 0–1 之间"; a fraction typed as 80 most likely meant 80%, and the message says how to write that.
 */
export function withTypedValues(tab: TabDef, problems: readonly Problem[], values: Readonly<Record<string, unknown>>): Problem[] {
  return problems.map((problem) => {
    const typed = cellText(values[problem.field]);
    if (problem.rule !== 'out_of_range' || typed === '') return problem;
    const type = tab.columns.find((column) => column.key === problem.field)?.type;
    const number = Number(typed);
    const percent = type?.kind === 'number' && type.percent === true && number > 1 && number <= 100 ? { percent: `${typed}%` } : {};
    return { ...problem, params: { ...problem.params, value: typed, ...percent } };
  });
}

/** Plan rows; a row with a readable course id and other bad cells is a BrokenCourse, not an unknown course. */
export function parsePlan(table: Table | undefined, zone: string): ParsedPlan {
  const rows: PlanRow[] = [];
  const courses: Course[] = [];
  const broken: BrokenCourse[] = [];
  const invalid: InvalidRow[] = [];
  for (const sheetRow of table?.rows ?? []) {
    const result = parseColumns(PLAN_TAB, sheetRow.values, zone);
    const courseId = result.values['course_id'];
    if (result.problems.length === 0) {
      const course = result.values as unknown as Course;
      rows.push(course);
      courses.push(course);
    } else if (typeof courseId === 'string') {
      const entry: BrokenCourse = {
        broken: true,
        course_id: courseId,
        rowNumber: sheetRow.rowNumber,
        fields: result.values,
        badFields: [...new Set(result.problems.map((problem) => problem.field))],
        problems: withTypedValues(PLAN_TAB, result.problems, sheetRow.values),
      };
      rows.push(entry);
      broken.push(entry);
    } else {
      invalid.push({
        tab: PLAN_TAB.name,
        rowNumber: sheetRow.rowNumber,
        problems: withTypedValues(PLAN_TAB, result.problems, sheetRow.values),
        raw: sheetRow.values,
      });
    }
  }
  return { rows, courses, broken, invalid };
}
export const parseRoster = (table: Table | undefined, zone: string) => parseTable<Trainee>(ROSTER_TAB, table, zone);
export const parseScores = (table: Table | undefined, zone: string) => parseTable<Score>(SCORES_TAB, table, zone);
export const parseAttendance = (table: Table | undefined, zone: string) => parseTable<AttendanceRecord>(ATTENDANCE_TAB, table, zone);
export const parseLeave = (table: Table | undefined, zone: string) => parseTable<LeaveRequest>(LEAVE_TAB, table, zone);
export const parseEvaluations = (table: Table | undefined, zone: string) => parseTable<Evaluation>(EVALUATIONS_TAB, table, zone);

export type { TypedRow };
