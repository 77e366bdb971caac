// Where a session's QR code leads: the local check-in page, or on Google the attendance form pre-filled with a check-in code.
import { checkinCode, checkinQuery } from './token.js';
import type { LinkMaker } from './sheet.js';
import { sessionDate } from './schedule.js';

/** `http://192.168.1.20:8080/checkin?course=…&session=…&nbf=…&exp=…&sig=…` */
export function localLink(baseUrl: string, secret: string): LinkMaker {
  return (claim) => `${baseUrl.replace(/\/+$/, '')}/checkin?${checkinQuery(claim, secret).toString()}`;
}

/** The attendance form's questions a pre-filled link fills, by column key, each as its `entry.N` number. */
export interface PrefillEntries {
  readonly course_id: string;
  readonly session: string;
  readonly session_date: string;
  readonly status: string;
  readonly checkin_code: string;
}

/**
 * A question's `entry.N` as a pre-filled link names it: the Forms API's questionId is hexadecimal, the number its
 * decimal value (the form's own "Get pre-filled link" gives the same numbers).
 */
export function entryNumber(questionId: string): string {
  return BigInt(`0x${questionId}`).toString(10);
}

/** `…/viewform?usp=pp_url&entry.N=C-PRO-CORP&…`: course, session, date and status filled in; the trainee adds the id. */
export function formLink(responderUrl: string, entries: PrefillEntries, secret: string, zone: string): LinkMaker {
  return (claim, row) => {
    const url = new URL(responderUrl);
    url.searchParams.set('usp', 'pp_url');
    url.searchParams.set(`entry.${entries.course_id}`, claim.course);
    url.searchParams.set(`entry.${entries.session}`, String(claim.session));
    url.searchParams.set(`entry.${entries.session_date}`, sessionDate(row, zone));
    url.searchParams.set(`entry.${entries.status}`, '出勤');
    url.searchParams.set(`entry.${entries.checkin_code}`, checkinCode(claim, secret));
    return url.toString();
  };
}
