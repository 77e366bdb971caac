// Google-style identity tokens for tests: a local RSA key signs them, a fake certificate endpoint publishes its public key.
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { OAuth2Client } from 'google-auth-library';
import type { Route } from './http-fake.js';

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  /** PEM of the public key, as the certificate endpoint lists it under the kid. */
  readonly publicPem: string;
}

export function signingKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** A token with Google's shape: RS256, kid header, iss/aud/email/iat/exp claims. */
export function signIdToken(key: SigningKey, claims: Readonly<Record<string, unknown>>): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: key.kid }));
  const payload = base64url(JSON.stringify(claims));
  const signer = createSign('RSA-SHA256');
  signer.update(`${header}.${payload}`);
  return `${header}.${payload}.${base64url(signer.sign(key.privateKey))}`;
}

/** Claims of a token Google would issue to `email` for `audience`, valid for an hour from `nowSeconds`. */
export function googleClaims(audience: string, email: string, nowSeconds = Math.floor(Date.now() / 1000)): Record<string, unknown> {
  return {
    iss: 'https://accounts.google.com',
    aud: audience,
    azp: email,
    sub: '1234567890',
    email,
    email_verified: true,
    iat: nowSeconds,
    exp: nowSeconds + 3600,
  };
}

export const CERTS_PATH = '/oauth2/v1/certs';

/** The PEM certificate endpoint (kid → key), cached by the client as Google's is. */
export function certsRoute(keys: readonly SigningKey[]): Route {
  return {
    method: 'GET',
    pattern: new RegExp(`^${CERTS_PATH}$`),
    handle: () => ({
      status: 200,
      body: Object.fromEntries(keys.map((key) => [key.kid, key.publicPem])),
      headers: { 'cache-control': 'public, max-age=3600' },
    }),
  };
}

/** An OAuth2Client that fetches its certificates from the fake instead of Google. */
export function clientForCerts(baseUrl: string): OAuth2Client {
  return new OAuth2Client({ endpoints: { oauth2FederatedSignonPemCertsUrl: `${baseUrl}${CERTS_PATH}` } });
}
