// The local check-in page (扫码签到): GET shows the session of a signed link, POST records the check-in through the submit path.
import type { DateTime } from 'luxon';
import { PLAN_TAB, SESSIONS_TAB, SETTINGS_TAB } from '../../../sheets-templates/index.js';
import { checkinEnvelope, sessionView } from '../core/checkin/entry.js';
import { checkinAnswerPage, checkinFormPage, checkinRefusedPage } from '../core/checkin/page.js';
import { findSession, parseSchedule, type SessionRow } from '../core/checkin/schedule.js';
import { verifyCheckin, type CheckinParams } from '../core/checkin/token.js';
import type { SessionView } from '../core/checkin/page.js';
import { parsePlan } from '../core/model.js';
import { parseSettings } from '../core/settings.js';
import type { Clock, SheetStore } from '../ports.js';
import { submit, type SubmitResult } from './submit.js';

export interface CheckinDeps {
  readonly store: SheetStore;
  readonly clock: Clock;
  /** The key links are signed with; undefined when check-in is not set up (on Google without CHECKIN_SECRET). */
  readonly secret: () => Promise<string | undefined>;
}

export interface CheckinPage {
  readonly status: number;
  readonly html: string;
  readonly outcome: string;
  /** The submission's result, for a POST that got as far. */
  readonly result?: SubmitResult;
}

const LINK_FIELDS = ['course', 'session', 'nbf', 'exp', 'sig'] as const;

/** The link's fields from a query string or a form body; only the first of a repeated field counts. */
export function linkParams(source: URLSearchParams): CheckinParams {
  return Object.fromEntries(LINK_FIELDS.map((name) => [name, source.get(name) ?? undefined]));
}

type Admitted =
  { ok: true; row: SessionRow; view: SessionView; link: Record<string, string>; zone: string } | { ok: false; page: CheckinPage };

/** Signature, window (at the server's receive time) and the session in the Sessions tab, in that order. */
async function admitLink(params: CheckinParams, receivedAt: DateTime, deps: CheckinDeps): Promise<Admitted> {
  const secret = await deps.secret();
  if (secret === undefined) return { ok: false, page: { status: 503, html: checkinRefusedPage('off'), outcome: 'checkin_off' } };
  const check = verifyCheckin(params, secret, receivedAt.toMillis());
  if (!check.ok) return { ok: false, page: { status: 403, html: checkinRefusedPage(check.reason), outcome: `checkin_${check.reason}` } };
  const tables = await deps.store.read([SETTINGS_TAB.name, PLAN_TAB.name, SESSIONS_TAB.name]);
  const zone = parseSettings(tables.get(SETTINGS_TAB.name)).time_zone;
  const row = findSession(parseSchedule(tables.get(SESSIONS_TAB.name), zone), check.claim.course, check.claim.session);
  if (row === undefined)
    return { ok: false, page: { status: 404, html: checkinRefusedPage('unknown_session'), outcome: 'checkin_unknown_session' } };
  const view = sessionView(row, parsePlan(tables.get(PLAN_TAB.name), zone).rows, zone);
  const link = Object.fromEntries(LINK_FIELDS.map((name) => [name, params[name] ?? '']));
  return { ok: true, row, view, link, zone };
}

export async function checkinForm(query: URLSearchParams, receivedAt: DateTime, deps: CheckinDeps): Promise<CheckinPage> {
  const admitted = await admitLink(linkParams(query), receivedAt, deps);
  if (!admitted.ok) return admitted.page;
  return { status: 200, html: checkinFormPage(admitted.view, admitted.link), outcome: 'checkin_form' };
}

/** A check-in: an `attendance` submission like any other (journal, validation, Rejected for a bad id). */
export async function checkinSubmit(body: URLSearchParams, receivedAt: DateTime, deps: CheckinDeps): Promise<CheckinPage> {
  const params = linkParams(body);
  const admitted = await admitLink(params, receivedAt, deps);
  if (!admitted.ok) return admitted.page;
  const traineeId = (body.get('trainee_id') ?? '').trim().slice(0, 200);
  const claim = { course: admitted.row.course_id, session: admitted.row.session, nbf: Number(params.nbf), exp: Number(params.exp) };
  const envelope = checkinEnvelope(claim, traineeId, admitted.row, receivedAt, admitted.zone);
  const result = await submit(envelope, deps.store, deps.clock, { receivedAt });
  const answer =
    result.status === 'rejected'
      ? { kind: 'rejected' as const, traineeId, errors: result.errors.map((error) => error.message) }
      : { kind: result.status, traineeId };
  const status = result.status === 'rejected' ? 422 : 200;
  return { status, html: checkinAnswerPage(admitted.view, answer, admitted.link), outcome: `checkin_${result.status}`, result };
}
