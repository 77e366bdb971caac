// Verifies Google-signed identity tokens (Cloud Scheduler, Apps Script, Pub/Sub push) for the configured audiences and callers.
import { OAuth2Client } from 'google-auth-library';
import type { IdTokenCheck, IdTokenVerifier } from '../../ports.js';

export interface IdTokenOptions {
  /** The token's `aud` must be one of these: the function URL (Cloud Scheduler), the Apps Script project's OAuth client id. */
  readonly audiences: readonly string[];
  /** When not empty, the token's verified e-mail must be one of these (compared in lower case), and it is then an admin credential. */
  readonly allowedInvokers: readonly string[];
  /** The client whose certificate endpoint signs off tokens; tests point its endpoints at a local fake. */
  readonly client?: OAuth2Client;
}

const INVALID: IdTokenCheck = { ok: false, reason: 'invalid_identity_token' };

/**
 * google-auth-library checks signature (Google's current certificates), issuer (accounts.google.com), expiry
 * with its clock skew allowance, lifetime and audience. The certificates are fetched apart from the check
 * (as OAuth2Client.verifyIdToken does inside) so that a failure to fetch them is an outage the caller
 * retries (500), never a 401 that would make a good caller look wrong.
 */
export function googleIdTokenVerifier(options: IdTokenOptions): IdTokenVerifier {
  if (options.audiences.length === 0) throw new RangeError('identity tokens need at least one audience (ID_TOKEN_AUDIENCES)');
  const client = options.client ?? new OAuth2Client();
  const audiences = [...options.audiences];
  const allowed = new Set(options.allowedInvokers.map((email) => email.toLowerCase()));
  return {
    async verify(token) {
      if (token.split('.').length !== 3) return INVALID;
      const { certs } = await client.getFederatedSignonCertsAsync();
      let payload;
      try {
        payload = (await client.verifySignedJwtWithCertsAsync(token, certs, audiences, client.issuers)).getPayload();
      } catch {
        // The library's messages quote the token; the caller learns only that it was refused.
        return INVALID;
      }
      if (!payload) return INVALID;
      const email = payload.email?.toLowerCase();
      // With no invokers listed, an identity with an accepted audience is a form's: it may submit, nothing more.
      if (allowed.size === 0) return { ok: true, ...(email ? { email } : {}), invoker: false };
      if (!email || payload.email_verified !== true || !allowed.has(email)) return { ok: false, reason: 'invoker_not_allowed' };
      return { ok: true, email, invoker: true };
    },
  };
}
