// A check-in as the attendance submission it is, and a session as the page and the printed sheet show it.
import { DateTime } from 'luxon';
import { foldId } from '../cells.js';
import { isBroken, type PlanRow } from '../model.js';
import type { SessionView } from './page.js';
import { sessionDate, type SessionRow } from './schedule.js';
import type { CheckinClaim } from './token.js';

/** Who recorded a check-in, in Attendance's recorded_by. */
export const RECORDED_BY = '扫码签到';

/**
 * The attendance envelope of one check-in. Its id is the trainee's session (course, session, folded trainee id),
 * so a second check-in, on this phone or another, is the same id: answered duplicate, never a second row.
 */
export function checkinEnvelope(
  claim: CheckinClaim,
  traineeId: string,
  row: SessionRow,
  receivedAt: DateTime,
  zone: string,
): Record<string, unknown> {
  const trainee = foldId(traineeId);
  return {
    id: `checkin:${claim.course}:${claim.session}:${trainee}`,
    kind: 'attendance',
    submittedAt: receivedAt.setZone(zone).toISO({ suppressMilliseconds: true }),
    submitter: RECORDED_BY,
    answers: {
      course_id: claim.course,
      trainee_id: traineeId,
      session: claim.session,
      session_date: sessionDate(row, zone),
      status: '出勤',
    },
  };
}

/** `2026-03-02 09:00–12:00`, or both dates when a session runs past midnight. */
export function sessionWhen(row: Pick<SessionRow, 'starts_at' | 'ends_at'>, zone: string): string {
  const starts = DateTime.fromISO(row.starts_at).setZone(zone);
  const ends = DateTime.fromISO(row.ends_at).setZone(zone);
  const sameDay = starts.toISODate() === ends.toISODate();
  return `${starts.toFormat('yyyy-MM-dd HH:mm')}–${ends.toFormat(sameDay ? 'HH:mm' : 'yyyy-MM-dd HH:mm')}`;
}

export function sessionView(row: SessionRow, plan: readonly PlanRow[], zone: string): SessionView {
  const course = plan.find((entry) => entry.course_id === row.course_id);
  const title = course === undefined ? '' : isBroken(course) ? (course.fields.title ?? '') : course.title;
  return {
    courseId: row.course_id,
    courseTitle: title,
    session: row.session,
    when: sessionWhen(row, zone),
    ...(row.room === undefined ? {} : { room: row.room }),
  };
}
