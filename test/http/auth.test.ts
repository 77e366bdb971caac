// Who may call the HTTP function: shared token, Google-signed identity tokens (verified with local keys), or anyone when open.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../functions/src/adapters/json-logger.js';
import { createApp } from '../../functions/src/app.js';
import { ConfigError, loadConfig } from '../../functions/src/config.js';
import {
  authorize,
  bearerToken,
  fromThisComputer,
  isLoopback,
  tokenMatches,
  type AuthDecision,
  type Credentials,
  type Role,
} from '../../functions/src/http/auth.js';
import { googleIdTokenVerifier } from '../../functions/src/adapters/google/id-token-verifier.js';
import { HttpFake } from '../fakes/http-fake.js';
import { certsRoute, clientForCerts, googleClaims, signIdToken, signingKey } from '../fakes/id-tokens.js';
import { clock, worldStore } from '../fixtures/world.js';
import type { IdTokenVerifier } from '../../functions/src/ports.js';

const TOKEN = 'auth-token-0123456789abcdef';
const NOT_ADMIN = 'this route needs the admin credential (ADMIN_TOKEN, the CLI, or an identity token of ALLOWED_INVOKERS)';
const ADMIN = 'auth-admin-0123456789abcdef';
const FUNCTION_URL = 'https://asia-east2-training-prj.cloudfunctions.net/training';
const SCRIPT_CLIENT_ID = '123456789012-abcdefghijklmnop.apps.googleusercontent.com';
const SCHEDULER = 'scheduler@training-prj.iam.gserviceaccount.com';

const key = signingKey('key-2026-06');
const otherKey = signingKey('key-2026-06');
const unknownKey = signingKey('key-unknown');
const certs = new HttpFake([certsRoute([key])]);

beforeAll(async () => {
  await certs.start();
});

afterAll(async () => {
  await certs.close();
});

describe('bearerToken and tokenMatches', () => {
  it.each([
    { name: 'a bearer token', header: 'Bearer abc.def', token: 'abc.def' },
    { name: 'any case of "bearer"', header: 'bearer abc', token: 'abc' },
    { name: 'no header', header: undefined, token: undefined },
    { name: 'another scheme', header: 'Basic dXNlcjpwYXNz', token: undefined },
    { name: 'a scheme with no credentials', header: 'Bearer ', token: undefined },
  ])('$name', ({ header, token }) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([
    { name: 'the same token', given: TOKEN, matches: true },
    { name: 'one character off', given: `${TOKEN.slice(0, -1)}x`, matches: false },
    { name: 'a prefix', given: TOKEN.slice(0, 10), matches: false },
    { name: 'longer', given: `${TOKEN}x`, matches: false },
  ])('$name', ({ given, matches }) => {
    expect(tokenMatches(given, TOKEN)).toBe(matches);
  });
});

describe('authorize', () => {
  const form: IdTokenVerifier = { verify: () => Promise.resolve({ ok: true, email: 'staff@bank.example', invoker: false }) };
  const invoker: IdTokenVerifier = { verify: () => Promise.resolve({ ok: true, email: SCHEDULER, invoker: true }) };
  const refusing: IdTokenVerifier = { verify: () => Promise.resolve({ ok: false, reason: 'invoker_not_allowed' }) };
  const jwt = 'aaa.bbb.ccc';
  const closed: Credentials = { adminTokens: [], openOnLoopback: false };
  const local: Credentials = { adminTokens: [ADMIN], openOnLoopback: true };
  const tokens: Credentials = { submitToken: TOKEN, adminTokens: [ADMIN], openOnLoopback: false };

  it.each<{ name: string; header?: string; need: Role; loopback?: boolean; credentials: Credentials; decision: AuthDecision }>([
    {
      name: 'open submissions from this computer with no form credential',
      need: 'submit',
      loopback: true,
      credentials: local,
      decision: { ok: true, role: 'submit', via: 'open' },
    },
    {
      name: 'open submissions, but from another computer',
      need: 'submit',
      loopback: false,
      credentials: local,
      decision: { ok: false, reason: 'not_loopback' },
    },
    {
      name: 'open submissions never open the admin routes',
      need: 'admin',
      loopback: true,
      credentials: local,
      decision: { ok: false, reason: 'missing_token' },
    },
    {
      name: 'the admin token on an admin route',
      header: `Bearer ${ADMIN}`,
      need: 'admin',
      credentials: local,
      decision: { ok: true, role: 'admin', via: 'admin_token' },
    },
    {
      name: 'the admin token also submits',
      header: `Bearer ${ADMIN}`,
      need: 'submit',
      credentials: tokens,
      decision: { ok: true, role: 'admin', via: 'admin_token' },
    },
    {
      name: 'the submit token submits',
      header: `Bearer ${TOKEN}`,
      need: 'submit',
      credentials: tokens,
      decision: { ok: true, role: 'submit', via: 'submit_token' },
    },
    {
      name: 'the submit token on an admin route',
      header: `Bearer ${TOKEN}`,
      need: 'admin',
      credentials: tokens,
      decision: { ok: false, reason: 'not_admin' },
    },
    {
      name: 'no header with tokens configured',
      need: 'submit',
      credentials: tokens,
      decision: { ok: false, reason: 'missing_token' },
    },
    { name: 'a wrong token', header: 'Bearer nope', need: 'submit', credentials: tokens, decision: { ok: false, reason: 'wrong_token' } },
    {
      name: 'nothing configured and not open (on Google)',
      need: 'submit',
      loopback: true,
      credentials: closed,
      decision: { ok: false, reason: 'missing_token' },
    },
    {
      name: "a form's identity token submits",
      header: `Bearer ${jwt}`,
      need: 'submit',
      credentials: { ...closed, idTokens: form },
      decision: { ok: true, role: 'submit', via: 'identity' },
    },
    {
      name: "a form's identity token on an admin route",
      header: `Bearer ${jwt}`,
      need: 'admin',
      credentials: { ...closed, idTokens: form },
      decision: { ok: false, reason: 'not_admin' },
    },
    {
      name: "an allowed invoker's identity token on an admin route",
      header: `Bearer ${jwt}`,
      need: 'admin',
      credentials: { ...closed, idTokens: invoker },
      decision: { ok: true, role: 'admin', via: 'invoker' },
    },
    {
      name: 'the submit token beside identity tokens',
      header: `Bearer ${TOKEN}`,
      need: 'submit',
      credentials: { ...tokens, idTokens: refusing },
      decision: { ok: true, role: 'submit', via: 'submit_token' },
    },
    {
      name: 'an identity token the verifier refuses',
      header: `Bearer ${jwt}`,
      need: 'submit',
      credentials: { ...tokens, idTokens: refusing },
      decision: { ok: false, reason: 'invoker_not_allowed' },
    },
    {
      name: 'a non-JWT with only identity tokens',
      header: 'Bearer nope',
      need: 'submit',
      credentials: { ...closed, idTokens: form },
      decision: { ok: false, reason: 'invalid_identity_token' },
    },
    {
      name: 'a wrong non-JWT beside identity tokens',
      header: 'Bearer nope',
      need: 'submit',
      credentials: { ...tokens, idTokens: form },
      decision: { ok: false, reason: 'wrong_token' },
    },
  ])('$name', async ({ header, need, loopback, credentials, decision }) => {
    expect(await authorize(header, need, loopback ?? true, credentials)).toEqual(decision);
  });

  it("passes on a failure to check an identity token (Google's certificates unreachable) instead of refusing", async () => {
    const broken: IdTokenVerifier = { verify: () => Promise.reject(new Error('Failed to retrieve verification certificates')) };
    await expect(authorize(`Bearer ${jwt}`, 'submit', true, { ...closed, idTokens: broken })).rejects.toThrow('certificates');
  });
});

describe('fromThisComputer', () => {
  it.each([
    { name: 'curl localhost', address: '127.0.0.1', host: 'localhost:8080', local: true },
    { name: 'curl 127.0.0.1', address: '127.0.0.1', host: '127.0.0.1:8080', local: true },
    { name: 'IPv6 loopback', address: '::1', host: '[::1]:8080', local: true },
    { name: 'LOCALHOST in capitals, no port', address: '::ffff:127.0.0.1', host: 'LOCALHOST', local: true },
    { name: 'a rebound domain (DNS rebinding)', address: '127.0.0.1', host: 'evil.example:8080', local: false },
    { name: 'no Host header', address: '127.0.0.1', host: undefined, local: false },
    { name: 'another computer naming localhost', address: '192.168.1.20', host: 'localhost:8080', local: false },
  ])('$name → $local', ({ address, host, local }) => {
    expect(fromThisComputer(address, host)).toBe(local);
  });
});

describe('isLoopback', () => {
  it.each([
    { address: '127.0.0.1', loopback: true },
    { address: '127.9.8.7', loopback: true },
    { address: '::1', loopback: true },
    { address: '::ffff:127.0.0.1', loopback: true },
    { address: '192.168.1.20', loopback: false },
    { address: '::ffff:192.168.1.20', loopback: false },
    { address: '10.0.0.1', loopback: false },
    { address: 'fe80::1', loopback: false },
    { address: 'localhost', loopback: false },
    { address: undefined, loopback: false },
  ])('$address → $loopback', ({ address, loopback }) => {
    expect(isLoopback(address)).toBe(loopback);
  });
});

describe('googleIdTokenVerifier with certificates from a local fake', () => {
  let verifier: IdTokenVerifier;
  beforeAll(() => {
    verifier = googleIdTokenVerifier({
      audiences: [FUNCTION_URL, SCRIPT_CLIENT_ID],
      allowedInvokers: [SCHEDULER, 'Staff@Bank.example'],
      client: clientForCerts(certs.url),
    });
  });
  const now = Math.floor(Date.now() / 1000);
  const good = googleClaims(FUNCTION_URL, SCHEDULER, now);

  it.each([
    {
      name: 'Cloud Scheduler for the function URL',
      token: () => signIdToken(key, good),
      result: { ok: true, email: SCHEDULER, invoker: true },
    },
    {
      name: 'Apps Script for its client id, e-mail in another case',
      token: () => signIdToken(key, googleClaims(SCRIPT_CLIENT_ID, 'staff@bank.example', now)),
      result: { ok: true, email: 'staff@bank.example', invoker: true },
    },
    {
      name: 'the issuer without https://',
      token: () => signIdToken(key, { ...good, iss: 'accounts.google.com' }),
      result: { ok: true, email: SCHEDULER, invoker: true },
    },
    {
      name: 'an expired token',
      token: () => signIdToken(key, googleClaims(FUNCTION_URL, SCHEDULER, now - 7200)),
      result: { ok: false, reason: 'invalid_identity_token' },
    },
    {
      name: 'a token for another audience',
      token: () => signIdToken(key, { ...good, aud: 'https://other.example/fn' }),
      result: { ok: false, reason: 'invalid_identity_token' },
    },
    {
      name: 'another issuer',
      token: () => signIdToken(key, { ...good, iss: 'https://evil.example' }),
      result: { ok: false, reason: 'invalid_identity_token' },
    },
    {
      name: 'a bad signature (another key, same kid)',
      token: () => signIdToken(otherKey, good),
      result: { ok: false, reason: 'invalid_identity_token' },
    },
    {
      name: 'a kid Google does not publish',
      token: () => signIdToken(unknownKey, good),
      result: { ok: false, reason: 'invalid_identity_token' },
    },
    {
      name: 'a payload changed after signing',
      token: () => tamper(signIdToken(key, good)),
      result: { ok: false, reason: 'invalid_identity_token' },
    },
    {
      name: 'a caller not allowed',
      token: () => signIdToken(key, googleClaims(FUNCTION_URL, 'intruder@gmail.com', now)),
      result: { ok: false, reason: 'invoker_not_allowed' },
    },
    {
      name: 'an unverified e-mail',
      token: () => signIdToken(key, { ...good, email_verified: false }),
      result: { ok: false, reason: 'invoker_not_allowed' },
    },
    {
      name: 'no e-mail',
      token: () => signIdToken(key, { ...good, email: undefined }),
      result: { ok: false, reason: 'invoker_not_allowed' },
    },
    { name: 'not a JWT', token: () => 'not-a-jwt', result: { ok: false, reason: 'invalid_identity_token' } },
  ])('$name', async ({ token, result }) => {
    expect(await verifier.verify(token())).toEqual(result);
  });

  it('accepts any Google identity with an accepted audience as a form, not an invoker, when no invokers are listed', async () => {
    const open = googleIdTokenVerifier({ audiences: [FUNCTION_URL], allowedInvokers: [], client: clientForCerts(certs.url) });
    expect(await open.verify(signIdToken(key, googleClaims(FUNCTION_URL, 'anyone@gmail.com', now)))).toEqual({
      ok: true,
      email: 'anyone@gmail.com',
      invoker: false,
    });
  });

  it('needs an audience', () => {
    expect(() => googleIdTokenVerifier({ audiences: [], allowedInvokers: [] })).toThrow('ID_TOKEN_AUDIENCES');
  });
});

/** The same token with the e-mail in its payload swapped, signature kept. */
function tamper(token: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
  return [
    header,
    Buffer.from(JSON.stringify({ ...claims, aud: FUNCTION_URL, email: 'intruder@gmail.com' })).toString('base64url'),
    signature,
  ].join('.');
}

describe('the HTTP function with both tokens and identity tokens', () => {
  let server: Server;
  let base: string;
  const logger = memoryLogger();

  beforeAll(async () => {
    const config = loadConfig({
      STORE: 'memory',
      SUBMIT_TOKEN: TOKEN,
      ADMIN_TOKEN: ADMIN,
      ID_TOKEN_AUDIENCES: `${FUNCTION_URL}, ${SCRIPT_CLIENT_ID}`,
      ALLOWED_INVOKERS: SCHEDULER,
      RECOMPUTE_ON_SUBMIT: 'off',
    });
    const app = createApp(config, { store: worldStore(), clock, logger, idTokenClient: clientForCerts(certs.url) });
    functions.http('auth-under-test', app.handler);
    server = getTestServer('auth-under-test');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const recompute = (authorization?: string) =>
    fetch(`${base}/recompute`, { method: 'POST', headers: authorization === undefined ? {} : { authorization } });
  const now = Math.floor(Date.now() / 1000);

  it.each([
    {
      name: 'a valid identity token of an allowed caller',
      authorization: () => `Bearer ${signIdToken(key, googleClaims(FUNCTION_URL, SCHEDULER, now))}`,
      status: 200,
    },
    { name: 'the admin token', authorization: () => `Bearer ${ADMIN}`, status: 200 },
    { name: 'the submit token every form holds', authorization: () => `Bearer ${TOKEN}`, status: 401, message: NOT_ADMIN },
    {
      name: 'an expired identity token',
      authorization: () => `Bearer ${signIdToken(key, googleClaims(FUNCTION_URL, SCHEDULER, now - 7200))}`,
      status: 401,
    },
    {
      name: 'an identity token for another audience',
      authorization: () => `Bearer ${signIdToken(key, googleClaims('https://other.example', SCHEDULER, now))}`,
      status: 401,
    },
    {
      name: 'an identity token from another issuer',
      authorization: () => `Bearer ${signIdToken(key, { ...googleClaims(FUNCTION_URL, SCHEDULER, now), iss: 'https://evil.example' })}`,
      status: 401,
    },
    {
      name: 'an identity token with a bad signature',
      authorization: () => `Bearer ${signIdToken(otherKey, googleClaims(FUNCTION_URL, SCHEDULER, now))}`,
      status: 401,
    },
    {
      name: 'an identity token of a caller not allowed',
      authorization: () => `Bearer ${signIdToken(key, googleClaims(FUNCTION_URL, 'intruder@gmail.com', now))}`,
      status: 401,
    },
    { name: 'no authorization', authorization: () => undefined, status: 401 },
  ])(
    '$name → $status',
    async ({ authorization, status, message }: { authorization: () => string | undefined; status: number; message?: string }) => {
      const response = await recompute(authorization());
      expect(response.status).toBe(status);
      if (status === 401)
        expect(await response.json()).toEqual({ status: 'unauthorized', message: message ?? 'missing or wrong bearer token' });
    },
  );

  it('logs why a caller was refused, never the token', async () => {
    const token = signIdToken(key, googleClaims(FUNCTION_URL, 'intruder@gmail.com', now));
    await recompute(`Bearer ${token}`);
    expect(logger.lines.some((line) => line['reason'] === 'invoker_not_allowed' && line['status'] === 401)).toBe(true);
    const all = JSON.stringify(logger.lines);
    expect(all).not.toContain(token.split('.')[2]);
    expect(all).not.toContain('intruder@gmail.com');
  });

  it('guards submissions the same way', async () => {
    const body = JSON.stringify({ id: 'x', kind: 'score', submittedAt: '2026-06-15T09:00:00+08:00', answers: {} });
    const post = (authorization: string) =>
      fetch(`${base}/submissions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body });
    expect((await post(`Bearer ${signIdToken(otherKey, googleClaims(FUNCTION_URL, SCHEDULER, now))}`)).status).toBe(401);
    expect((await post(`Bearer ${signIdToken(key, googleClaims(SCRIPT_CLIENT_ID, SCHEDULER, now))}`)).status).toBe(422);
  });
});

describe('configuration of the form triggers and callers', () => {
  it('reads lists, lower-cases e-mails and leaves everything out when unset', () => {
    expect(
      loadConfig(
        {
          GOOGLE_API_ROOT_URL: 'http://127.0.0.1:9000',
          FORMS_WATCH_TOPIC: 'projects/training-prj/topics/forms-watch',
          ID_TOKEN_AUDIENCES: ` ${FUNCTION_URL} ,${SCRIPT_CLIENT_ID},`,
          ALLOWED_INVOKERS: 'Scheduler@training-prj.iam.gserviceaccount.com, staff@bank.example',
        },
        '/srv',
      ),
    ).toMatchObject({
      googleApiRootUrl: 'http://127.0.0.1:9000',
      formsWatchTopic: 'projects/training-prj/topics/forms-watch',
      idTokenAudiences: [FUNCTION_URL, SCRIPT_CLIENT_ID],
      allowedInvokers: [SCHEDULER, 'staff@bank.example'],
    });
    const plain = loadConfig({ ID_TOKEN_AUDIENCES: ' , ', FORMS_WATCH_TOPIC: '' }, '/srv');
    for (const key of ['googleApiRootUrl', 'formsWatchTopic', 'idTokenAudiences', 'allowedInvokers']) expect(plain).not.toHaveProperty(key);
  });

  it.each([
    {
      name: 'a topic that is no topic name',
      env: { FORMS_WATCH_TOPIC: 'forms-watch' },
      message: /FORMS_WATCH_TOPIC must look like projects\/<project>\/topics\/<topic>/,
    },
    {
      name: 'a root URL that is no URL',
      env: { GOOGLE_API_ROOT_URL: 'localhost:9000' },
      message: /GOOGLE_API_ROOT_URL must be an http\(s\) URL/,
    },
    {
      name: 'an invoker that is no e-mail',
      env: { ID_TOKEN_AUDIENCES: FUNCTION_URL, ALLOWED_INVOKERS: 'scheduler' },
      message: /ALLOWED_INVOKERS must be comma-separated e-mail addresses/,
    },
    { name: 'invokers without audiences', env: { ALLOWED_INVOKERS: SCHEDULER }, message: /set it too/ },
  ])('refuses $name', ({ env, message }) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
