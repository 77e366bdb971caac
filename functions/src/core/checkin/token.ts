// Signed check-in links (扫码签到): HMAC-SHA256 over the course, the session and the window in which the link admits a check-in.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { foldId } from '../cells.js';

/** What a check-in link states: this course's session, open from `nbf` until `exp` (Unix seconds). */
export interface CheckinClaim {
  readonly course: string;
  readonly session: number;
  readonly nbf: number;
  readonly exp: number;
}

/** The link's parameters as they arrive, all text (a query string or a form body). */
export interface CheckinParams {
  readonly course?: string | undefined;
  readonly session?: string | undefined;
  readonly nbf?: string | undefined;
  readonly exp?: string | undefined;
  readonly sig?: string | undefined;
}

/** Why a link is refused: not a check-in link at all, signed by someone else or altered, not open yet, or over. */
export type CheckinRefusal = 'malformed' | 'bad_signature' | 'not_yet_open' | 'closed';

export type CheckinCheck = { readonly ok: true; readonly claim: CheckinClaim } | { readonly ok: false; readonly reason: CheckinRefusal };

/** Version and field order are part of what is signed, as a JSON array: no course id can be read as two fields. */
function message(claim: CheckinClaim): string {
  return JSON.stringify(['cm-checkin/1', foldId(claim.course), claim.session, claim.nbf, claim.exp]);
}

/** The signature of a claim: the whole HMAC-SHA256, base64url (43 characters). */
export function signCheckin(claim: CheckinClaim, secret: string): string {
  return createHmac('sha256', secret).update(message(claim)).digest('base64url');
}

/** The parameters of a signed link, in the order the link shows them. */
export function checkinQuery(claim: CheckinClaim, secret: string): URLSearchParams {
  return new URLSearchParams({
    course: foldId(claim.course),
    session: String(claim.session),
    nbf: String(claim.nbf),
    exp: String(claim.exp),
    sig: signCheckin(claim, secret),
  });
}

/** The check-in code a Google Form carries (the course and session are questions of their own): `nbf.exp.sig`. */
export function checkinCode(claim: CheckinClaim, secret: string): string {
  return `${claim.nbf}.${claim.exp}.${signCheckin(claim, secret)}`;
}

/** A code read back into the link parameters it stands for, with the course and session answered beside it. */
export function codeParams(code: string, course: string, session: string): CheckinParams {
  const [nbf, exp, sig, ...rest] = code.trim().split('.');
  return rest.length > 0 ? {} : { course, session, nbf, exp, sig };
}

const WHOLE = /^\d{1,12}$/;

function claimOf(params: CheckinParams): CheckinClaim | undefined {
  const course = foldId(params.course ?? '');
  const [session, nbf, exp] = [params.session, params.nbf, params.exp].map((text) =>
    text !== undefined && WHOLE.test(text) ? Number(text) : NaN,
  );
  if (course === '' || course.length > 64 || !Number.isInteger(session) || !Number.isInteger(nbf) || !Number.isInteger(exp))
    return undefined;
  return { course, session: session as number, nbf: nbf as number, exp: exp as number };
}

/**
 * Whether a link admits a check-in at `atMillis` (the server's receive time, or Google's submit time of a form
 * response; never a time the client states). The signature is compared in constant time before the window is
 * looked at, so an altered link is told only that it is not genuine.
 */
export function verifyCheckin(params: CheckinParams, secret: string, atMillis: number): CheckinCheck {
  const claim = claimOf(params);
  if (claim === undefined || params.sig === undefined || !/^[\w-]{43}$/.test(params.sig)) return { ok: false, reason: 'malformed' };
  // The text is compared, not its decoded bytes: the last of 43 base64url characters carries two unused bits, so
  // decoding would accept four spellings of one signature.
  const expected = Buffer.from(signCheckin(claim, secret), 'ascii');
  const given = Buffer.from(params.sig, 'ascii');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  if (atMillis < claim.nbf * 1000) return { ok: false, reason: 'not_yet_open' };
  if (atMillis > claim.exp * 1000) return { ok: false, reason: 'closed' };
  return { ok: true, claim };
}
