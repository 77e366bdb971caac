// The Sessions tab read into session times, and the window in which each session's check-in link admits.
import { DateTime } from 'luxon';
import { SESSIONS_TAB } from '../../../../sheets-templates/index.js';
import { withTypedValues, type InvalidRow } from '../model.js';
import { parseRow } from '../schemas.js';
import type { Settings } from '../settings.js';
import type { Table } from '../table.js';
import type { CheckinClaim } from './token.js';

/** One row of the Sessions tab, as its template types it. */
export interface SessionRow {
  readonly course_id: string;
  readonly session: number;
  /** ISO-8601 with the offset of the Settings zone. */
  readonly starts_at: string;
  readonly ends_at: string;
  readonly room?: string;
}

export interface Schedule {
  /** Usable rows, by course and then session number. */
  readonly sessions: readonly SessionRow[];
  /** Rows that do not validate, end before they start, or repeat a course's session (each with its reason). */
  readonly invalid: readonly InvalidRow[];
}

const key = (course: string, session: number) => `${course}\u0000${session}`;

/** A course's dates as the Plan gives them (ISO dates). */
export interface CourseDates {
  readonly course_id: string;
  readonly start_date: string;
  readonly end_date: string;
}

/**
 * Every session of the tab; the first row of a course's session wins, a later one is listed as a repeat. Given the
 * Plan's courses, a session dated outside its course is listed too: Attendance refuses such a date, so a code
 * printed for it would only turn every trainee's check-in into a Rejected row.
 */
export function parseSchedule(table: Table | undefined, zone: string, courses?: readonly CourseDates[]): Schedule {
  const dates = new Map(courses?.map((course) => [course.course_id, course]));
  const invalid: InvalidRow[] = [];
  const sessions = new Map<string, SessionRow>();
  for (const sheetRow of table?.rows ?? []) {
    const where = { tab: SESSIONS_TAB.name, rowNumber: sheetRow.rowNumber, raw: sheetRow.values };
    const result = parseRow(SESSIONS_TAB, sheetRow.values, zone);
    if (!result.ok) {
      invalid.push({ ...where, problems: withTypedValues(SESSIONS_TAB, result.problems, sheetRow.values) });
      continue;
    }
    const row = result.row as unknown as SessionRow;
    if (DateTime.fromISO(row.ends_at) <= DateTime.fromISO(row.starts_at)) {
      invalid.push({ ...where, problems: [{ field: 'ends_at', rule: 'ends_before_start', params: { start: row.starts_at } }] });
    } else if (sessions.has(key(row.course_id, row.session))) {
      invalid.push({ ...where, problems: [{ field: 'session', rule: 'already_recorded' }] });
    } else if (outsideCourse(row, dates.get(row.course_id), zone)) {
      const { start_date: start, end_date: end } = dates.get(row.course_id) ?? { start_date: '', end_date: '' };
      invalid.push({ ...where, problems: [{ field: 'starts_at', rule: 'date_outside_course', params: { start, end } }] });
    } else {
      sessions.set(key(row.course_id, row.session), row);
    }
  }
  const sorted = [...sessions.values()].sort((a, b) =>
    a.course_id === b.course_id ? a.session - b.session : a.course_id < b.course_id ? -1 : 1,
  );
  return { sessions: sorted, invalid };
}

function outsideCourse(row: SessionRow, course: CourseDates | undefined, zone: string): boolean {
  if (course === undefined) return false;
  const date = sessionDate(row, zone);
  return date < course.start_date || date > course.end_date;
}

export function findSession(schedule: Schedule, course: string, session: number): SessionRow | undefined {
  return schedule.sessions.find((row) => row.course_id === course && row.session === session);
}

/** The claim a session's link makes: open from the Settings margin before it starts to the margin after it ends. */
export function sessionClaim(
  row: SessionRow,
  settings: Pick<Settings, 'checkin_open_minutes_before' | 'checkin_close_minutes_after'>,
): CheckinClaim {
  const opens = DateTime.fromISO(row.starts_at).minus({ minutes: settings.checkin_open_minutes_before });
  const closes = DateTime.fromISO(row.ends_at).plus({ minutes: settings.checkin_close_minutes_after });
  return { course: row.course_id, session: row.session, nbf: Math.floor(opens.toSeconds()), exp: Math.floor(closes.toSeconds()) };
}

/** The calendar date of a session in the zone, as Attendance's session_date holds it. */
export function sessionDate(row: SessionRow, zone: string): string {
  return DateTime.fromISO(row.starts_at).setZone(zone).toISODate() ?? row.starts_at.slice(0, 10);
}
