// Every route admits exactly the credentials meant for it: the form credential opens submissions only, the admin one every route; any other is 401 before a sheet is touched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formsApi } from '../../functions/src/adapters/google/forms-api.js';
import { formsClient } from '../../functions/src/adapters/google/forms-client.js';
import { memoryLogger } from '../../functions/src/adapters/json-logger.js';
import { createApp } from '../../functions/src/app.js';
import { loadConfig } from '../../functions/src/config.js';
import { FormsFake } from '../fakes/forms-watch-fake.js';
import { HttpFake } from '../fakes/http-fake.js';
import { certsRoute, clientForCerts, googleClaims, signIdToken, signingKey } from '../fakes/id-tokens.js';
import { RecordingMailer } from '../fixtures/feedback-world.js';
import { TOPIC } from '../fixtures/forms-world.js';
import { clock, SCORE_ANSWERS, submission, worldStore } from '../fixtures/world.js';
import { reportFigures, serveHttp } from './storm.js';

const TOKEN = 'access-token-0123456789abcdef';
const ADMIN = 'access-admin-0123456789abcdef';
const SCRIPT_CLIENT_ID = '123456789012-abcdefghijklmnop.apps.googleusercontent.com';
const FUNCTION_URL = 'https://asia-east2-training-prj.cloudfunctions.net/training';
const SCHEDULER = 'scheduler@training-prj.iam.gserviceaccount.com';
const key = signingKey('key-2026-11');
const impostor = signingKey('key-2026-11');
const certs = new HttpFake([certsRoute([key])]);
const forms = new FormsFake();
const store = worldStore();
let server: Awaited<ReturnType<typeof serveHttp>>;

const now = Math.floor(Date.now() / 1000);
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const ROUTES = [
  { path: '/submissions', body: () => submission('score', SCORE_ANSWERS), admin: false },
  { path: '/recompute', body: () => undefined, admin: true },
  { path: '/feedback/send', body: () => ({ dryRun: true, sendNow: true }), admin: true },
  { path: '/watches/renew', body: () => undefined, admin: true },
];

const REFUSED = [
  { name: 'no Authorization header', authorization: () => undefined },
  { name: 'a wrong shared token', authorization: () => `Bearer ${TOKEN.replace(/.$/, 'X')}` },
  { name: 'the shared token under another scheme', authorization: () => `Basic ${Buffer.from(`user:${TOKEN}`).toString('base64')}` },
  {
    name: 'an expired identity token',
    authorization: () => `Bearer ${signIdToken(key, googleClaims(FUNCTION_URL, SCHEDULER, now - 7200))}`,
  },
  {
    name: 'an identity token for another audience',
    authorization: () => `Bearer ${signIdToken(key, googleClaims('https://other.example/fn', SCHEDULER, now))}`,
  },
  {
    name: 'an identity token signed by another key under a published kid',
    authorization: () => `Bearer ${signIdToken(impostor, googleClaims(FUNCTION_URL, SCHEDULER, now))}`,
  },
  {
    name: 'an unsigned identity token (alg none)',
    authorization: () =>
      `Bearer ${base64url({ alg: 'none', typ: 'JWT', kid: key.kid })}.${base64url(googleClaims(FUNCTION_URL, SCHEDULER, now))}.`,
  },
  {
    name: 'an identity token of a caller not allowed',
    authorization: () => `Bearer ${signIdToken(key, googleClaims(FUNCTION_URL, 'intruder@gmail.com', now))}`,
  },
];

/** Credentials and whether they open the admin routes too (all of them open submissions). */
const ADMITTED = [
  {
    name: 'a valid identity token of an allowed caller',
    authorization: () => `Bearer ${signIdToken(key, googleClaims(FUNCTION_URL, SCHEDULER, now))}`,
    admin: true,
  },
  { name: 'the admin token', authorization: () => `Bearer ${ADMIN}`, admin: true },
  { name: 'the submit token every form holds', authorization: () => `Bearer ${TOKEN}`, admin: false },
];

beforeAll(async () => {
  await certs.start();
  await forms.start();
  const config = loadConfig({
    STORE: 'memory',
    SUBMIT_TOKEN: TOKEN,
    ADMIN_TOKEN: ADMIN,
    ID_TOKEN_AUDIENCES: FUNCTION_URL,
    ALLOWED_INVOKERS: SCHEDULER,
    FORMS_WATCH_TOPIC: TOPIC,
    RECOMPUTE_ON_SUBMIT: 'off',
  });
  const app = createApp(config, {
    store,
    clock,
    logger: memoryLogger(),
    mailer: new RecordingMailer(),
    idTokenClient: clientForCerts(certs.url),
    forms: formsApi(formsClient({ googleApiRootUrl: forms.url })),
  });
  server = await serveHttp(app.handler);
});

afterAll(async () => {
  await server.close();
  await forms.close();
  await certs.close();
  reportFigures('access', {
    routes: ROUTES.length,
    refusedCredentials: REFUSED.length,
    admittedCredentials: ADMITTED.length,
    requests: ROUTES.length * (REFUSED.length + ADMITTED.length) + ROUTES.length,
  });
});

async function call(path: string, body: unknown, authorization: string | undefined): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = {
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(authorization === undefined ? {} : { authorization }),
  };
  const response = await fetch(`${server.base}${path}`, {
    method: 'POST',
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: await response.json() };
}

const NOT_ADMIN = 'this route needs the admin credential (ADMIN_TOKEN, the CLI, or an identity token of ALLOWED_INVOKERS)';

describe.each(ROUTES)('POST $path', ({ path, body, admin: routeIsAdmin }) => {
  it.each(REFUSED)('refuses $name with 401, touching no sheet', async ({ authorization }) => {
    const calls = store.calls.length;
    const answer = await call(path, body(), authorization());
    expect(answer).toEqual({ status: 401, json: { status: 'unauthorized', message: 'missing or wrong bearer token' } });
    expect(store.calls.length).toBe(calls);
  });

  it.each(ADMITTED)('$name: admitted unless the route needs the admin credential', async ({ authorization, admin }) => {
    const calls = store.calls.length;
    const answer = await call(path, body(), authorization());
    if (routeIsAdmin && !admin) {
      expect(answer).toEqual({ status: 401, json: { status: 'unauthorized', message: NOT_ADMIN } });
      expect(store.calls.length).toBe(calls);
    } else {
      expect(answer.status).not.toBe(401);
      expect(answer.status).toBeLessThan(500);
    }
  });
});

describe('with forms holding identity tokens and no invokers listed', () => {
  let forms: Awaited<ReturnType<typeof serveHttp>>;
  beforeAll(async () => {
    const config = loadConfig({ STORE: 'memory', ID_TOKEN_AUDIENCES: SCRIPT_CLIENT_ID, RECOMPUTE_ON_SUBMIT: 'off' });
    const app = createApp(config, {
      store,
      clock,
      logger: memoryLogger(),
      mailer: new RecordingMailer(),
      idTokenClient: clientForCerts(certs.url),
    });
    forms = await serveHttp(app.handler);
  });
  afterAll(() => forms.close());

  it.each(ROUTES)("a form's identity token opens $path only if it is the submission route", async ({ path, body, admin }) => {
    const token = signIdToken(key, googleClaims(SCRIPT_CLIENT_ID, 'staff@bank.example', now));
    const response = await fetch(`${forms.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body() ?? {}),
    });
    expect(response.status === 401).toBe(admin);
  });
});
