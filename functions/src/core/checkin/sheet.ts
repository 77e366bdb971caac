// What a course's printable check-in sheet shows: per scheduled session its facts, its link and when the link admits.
import { DateTime } from 'luxon';
import { foldId } from '../cells.js';
import type { PlanRow } from '../model.js';
import type { Settings } from '../settings.js';
import { sessionView } from './entry.js';
import type { SessionView } from './page.js';
import { sessionClaim, type Schedule, type SessionRow } from './schedule.js';
import type { CheckinClaim } from './token.js';

export interface SheetEntry {
  readonly view: SessionView;
  /** What the QR code holds. */
  readonly link: string;
  /** `2026-06-15 08:30` and `12:30` (or a full date when the window ends on another day), in the Settings zone. */
  readonly opens: string;
  readonly closes: string;
}

export interface CheckinSheet {
  readonly courseId: string;
  readonly courseTitle: string;
  readonly entries: readonly SheetEntry[];
  /** Sessions the Plan counts that the Sessions tab does not schedule: they get no code. */
  readonly unscheduled: readonly number[];
  /** The first session's start, dating the PDF so the same sheet is the same bytes. */
  readonly datedAt: string;
}

export type LinkMaker = (claim: CheckinClaim, row: SessionRow) => string;

/** The sheet of one course, or why there is none: not in the plan, or no session of it scheduled. */
export function planSheet(
  courseId: string,
  plan: readonly PlanRow[],
  schedule: Schedule,
  settings: Pick<Settings, 'time_zone' | 'checkin_open_minutes_before' | 'checkin_close_minutes_after'>,
  linkOf: LinkMaker,
): CheckinSheet | { readonly problem: 'unknown_course' | 'no_sessions' } {
  const id = foldId(courseId);
  const course = plan.find((entry) => entry.course_id === id);
  if (course === undefined) return { problem: 'unknown_course' };
  const rows = schedule.sessions.filter((row) => row.course_id === id);
  const first = rows[0];
  if (first === undefined) return { problem: 'no_sessions' };
  const zone = settings.time_zone;
  const entries = rows.map((row) => {
    const claim = sessionClaim(row, settings);
    const opens = DateTime.fromSeconds(claim.nbf, { zone });
    const closes = DateTime.fromSeconds(claim.exp, { zone });
    const closesFormat = opens.toISODate() === closes.toISODate() ? 'HH:mm' : 'yyyy-MM-dd HH:mm';
    return {
      view: sessionView(row, plan, zone),
      link: linkOf(claim, row),
      opens: opens.toFormat('yyyy-MM-dd HH:mm'),
      closes: closes.toFormat(closesFormat),
    };
  });
  const planned = 'broken' in course ? (course.fields.sessions ?? 0) : course.sessions;
  const scheduled = new Set(rows.map((row) => row.session));
  const unscheduled = Array.from({ length: planned }, (_, index) => index + 1).filter((session) => !scheduled.has(session));
  return { courseId: id, courseTitle: entries[0]?.view.courseTitle ?? '', entries, unscheduled, datedAt: first.starts_at };
}
