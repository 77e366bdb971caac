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
import type { Problem } from './problems.js';
import { parseRow, type TypedRow } from './schemas.js';
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

/** Parse every row of a table; the type parameter must match the tab's template (checked by tests). */
export function parseTable<T>(tab: TabDef, table: Table | undefined, zone: string): Parsed<T> {
  const rows: T[] = [];
  const invalid: InvalidRow[] = [];
  for (const sheetRow of table?.rows ?? []) {
    const result = parseRow(tab, sheetRow.values, zone);
    if (result.ok) rows.push(result.row as unknown as T);
    else invalid.push({ tab: tab.name, rowNumber: sheetRow.rowNumber, problems: result.problems, raw: sheetRow.values });
  }
  return { rows, invalid };
}

export const parsePlan = (table: Table | undefined, zone: string) => parseTable<Course>(PLAN_TAB, table, zone);
export const parseRoster = (table: Table | undefined, zone: string) => parseTable<Trainee>(ROSTER_TAB, table, zone);
export const parseScores = (table: Table | undefined, zone: string) => parseTable<Score>(SCORES_TAB, table, zone);
export const parseAttendance = (table: Table | undefined, zone: string) => parseTable<AttendanceRecord>(ATTENDANCE_TAB, table, zone);
export const parseLeave = (table: Table | undefined, zone: string) => parseTable<LeaveRequest>(LEAVE_TAB, table, zone);
export const parseEvaluations = (table: Table | undefined, zone: string) => parseTable<Evaluation>(EVALUATIONS_TAB, table, zone);

export type { TypedRow };
