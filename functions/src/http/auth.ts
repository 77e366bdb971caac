// Who may call what: the form credential admits submissions only; the admin credential admits every route.
import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { IdTokenVerifier } from '../ports.js';

/** `submit`: POST /submissions only (what every form holds). `admin`: recompute, feedback, its preview, watches, and submissions. */
export type Role = 'submit' | 'admin';

export interface Credentials {
  /** SUBMIT_TOKEN: held by every form's Apps Script, so it must never open more than submissions. */
  readonly submitToken?: string;
  /** ADMIN_TOKEN and, under the local launcher, the CLI's token. */
  readonly adminTokens: readonly string[];
  /** Google-signed identity tokens: a form's admits submissions; an allowed invoker's (ALLOWED_INVOKERS) is admin. */
  readonly idTokens?: IdTokenVerifier;
  /** No form credential is configured and this is not Google: a caller on this machine may submit without one. */
  readonly openOnLoopback: boolean;
}

export type Via = 'open' | 'submit_token' | 'admin_token' | 'identity' | 'invoker';

export type RefusalReason =
  | 'missing_token'
  | 'wrong_token'
  | 'invalid_identity_token'
  | 'invoker_not_allowed'
  /** A valid form credential on a route that needs the admin credential. */
  | 'not_admin'
  /** Open submissions, but the caller is on another machine. */
  | 'not_loopback';

export type AuthDecision =
  { readonly ok: true; readonly role: Role; readonly via: Via } | { readonly ok: false; readonly reason: RefusalReason };

/** The credentials of an `Authorization: Bearer …` header. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1]?.trim() || undefined;
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Compares SHA-256 digests in constant time: both sides always have 32 bytes, so neither the time taken
 * nor an early length check tells a guesser how long the token is or how much of it was right.
 */
export function tokenMatches(given: string, token: string): boolean {
  return timingSafeEqual(digest(given), digest(token));
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Whether a socket's remote address is this machine; IPv4-mapped IPv6 (`::ffff:127.0.0.1`) counts as its IPv4 address. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const plain = address.toLowerCase().startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  const family = isIP(plain);
  return family !== 0 && LOOPBACK.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * A request from this computer to this computer: the TCP peer is loopback and so is the name it asked for.
 * The Host check stops DNS rebinding — a web page whose domain is made to resolve to 127.0.0.1 reaches the
 * server from loopback, but its requests still name that domain.
 */
export function fromThisComputer(remoteAddress: string | undefined, host: string | undefined): boolean {
  if (!isLoopback(remoteAddress) || host === undefined) return false;
  const name = (/^\[([^\]]+)\](?::\d+)?$/.exec(host)?.[1] ?? host.replace(/:\d+$/, '')).toLowerCase();
  return name === 'localhost' || isLoopback(name);
}

/** What a bearer credential makes its holder; a failure to reach Google's certificates is thrown, not answered as a refusal. */
async function roleOf(given: string, credentials: Credentials): Promise<AuthDecision> {
  // Every configured token is compared, so the time taken does not say which one a guess was tried against.
  const admin = credentials.adminTokens.map((token) => tokenMatches(given, token)).includes(true);
  const submit = credentials.submitToken !== undefined && tokenMatches(given, credentials.submitToken);
  if (admin) return { ok: true, role: 'admin', via: 'admin_token' };
  if (submit) return { ok: true, role: 'submit', via: 'submit_token' };
  // Identity tokens are JWTs (three dot-separated parts); anything else was meant as a shared token.
  if (credentials.idTokens === undefined || given.split('.').length !== 3)
    return {
      ok: false,
      reason: credentials.idTokens !== undefined && !sharedTokens(credentials) ? 'invalid_identity_token' : 'wrong_token',
    };
  const check = await credentials.idTokens.verify(given);
  if (!check.ok) return { ok: false, reason: check.reason };
  return check.invoker ? { ok: true, role: 'admin', via: 'invoker' } : { ok: true, role: 'submit', via: 'identity' };
}

const sharedTokens = (credentials: Credentials) => credentials.submitToken !== undefined || credentials.adminTokens.length > 0;

/** May the caller use a route that needs `need`? `loopback`: the TCP peer is this machine (never taken from a header). */
export async function authorize(
  header: string | undefined,
  need: Role,
  loopback: boolean,
  credentials: Credentials,
): Promise<AuthDecision> {
  const given = bearerToken(header);
  const held = given === undefined ? undefined : await roleOf(given, credentials);
  if (held?.ok && (need === 'submit' || held.role === 'admin')) return held;
  if (need === 'submit' && credentials.openOnLoopback) {
    if (loopback) return { ok: true, role: 'submit', via: 'open' };
    if (held === undefined) return { ok: false, reason: 'not_loopback' };
  }
  if (held === undefined) return { ok: false, reason: 'missing_token' };
  return held.ok ? { ok: false, reason: 'not_admin' } : held;
}
