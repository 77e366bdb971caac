// Who may call the HTTP function: the shared bearer token, a Google-signed identity token, or anyone when neither is set.
import { timingSafeEqual } from 'node:crypto';
import type { IdTokenVerifier } from '../ports.js';

export interface AuthPolicy {
  readonly submitToken?: string;
  readonly idTokens?: IdTokenVerifier;
}

export type AuthDecision =
  | { readonly ok: true; readonly via: 'open' | 'token' | 'identity' }
  | { readonly ok: false; readonly reason: 'missing_token' | 'wrong_token' | 'invalid_identity_token' | 'invoker_not_allowed' };

/** The credentials of an `Authorization: Bearer …` header. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1]?.trim() || undefined;
}

/** Constant-time comparison, so response times do not reveal how much of the token a guess got right. */
export function tokenMatches(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Open when neither a shared token nor identity-token audiences are configured (the local default).
 * Otherwise the bearer must be the shared token or an identity token the verifier accepts; a failure
 * to reach Google's certificates is thrown, not answered as a refusal.
 */
export async function authorize(header: string | undefined, policy: AuthPolicy): Promise<AuthDecision> {
  if (policy.submitToken === undefined && policy.idTokens === undefined) return { ok: true, via: 'open' };
  const given = bearerToken(header);
  if (given === undefined) return { ok: false, reason: 'missing_token' };
  if (policy.submitToken !== undefined && tokenMatches(given, policy.submitToken)) return { ok: true, via: 'token' };
  // Identity tokens are JWTs (three dot-separated parts); anything else was meant as the shared token.
  if (policy.idTokens === undefined || given.split('.').length !== 3)
    return { ok: false, reason: policy.submitToken === undefined ? 'invalid_identity_token' : 'wrong_token' };
  const check = await policy.idTokens.verify(given);
  return check.ok ? { ok: true, via: 'identity' } : { ok: false, reason: check.reason };
}
