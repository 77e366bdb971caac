// The shipped Apps Script trigger run in a node:vm sandbox with stubbed Apps Script services; its request goes to the real handler.
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import vm from 'node:vm';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCORES_TAB } from '../../sheets-templates/index.js';
import { memoryLogger } from '../../functions/src/adapters/json-logger.js';
import type { MemorySheetStore } from '../../functions/src/adapters/store/memory-store.js';
import { createApp } from '../../functions/src/app.js';
import { loadConfig } from '../../functions/src/config.js';
import { HttpFake } from '../fakes/http-fake.js';
import { certsRoute, clientForCerts, googleClaims, signIdToken, signingKey } from '../fakes/id-tokens.js';
import { clock, worldStore } from '../fixtures/world.js';

const DIR = path.resolve(import.meta.dirname, '../../sheets-templates/apps-script');
const CODE = readFileSync(path.join(DIR, 'Code.gs'), 'utf8');
const FUNCTION_URL = 'https://asia-east2-training-prj.cloudfunctions.net/training';
const TOKEN = 'script-token-0123456789abcdef';
const SCRIPT_CLIENT_ID = '123456789012-abcdefghijklmnop.apps.googleusercontent.com';

interface Fetched {
  readonly url: string;
  readonly options: {
    method: string;
    contentType: string;
    headers: Record<string, string>;
    payload: string;
    muteHttpExceptions: boolean;
    followRedirects: boolean;
  };
}

/** What a fetch answers: a status and body, or a thrown failure (DNS, timeout). */
type Reply = { readonly code: number; readonly body?: string; readonly headers?: Record<string, string> } | 'throw';

const ITEM_TYPES = {
  TEXT: 'TEXT',
  LIST: 'LIST',
  MULTIPLE_CHOICE: 'MULTIPLE_CHOICE',
  CHECKBOX: 'CHECKBOX',
  SCALE: 'SCALE',
  DATE: 'DATE',
  GRID: 'GRID',
  CHECKBOX_GRID: 'CHECKBOX_GRID',
};

interface ItemAnswer {
  readonly title: string;
  readonly type: keyof typeof ITEM_TYPES;
  readonly response: string | string[] | (string | null)[] | (string[] | null)[];
  readonly rows?: string[];
}

/** An Apps Script form-submit event: e.response is a FormResponse, e.source the Form; there is no e.namedValues. */
function formSubmitEvent(answers: readonly ItemAnswer[], options: { id?: string; email?: string } = {}) {
  const item = (answer: ItemAnswer) => ({
    getTitle: () => answer.title,
    getType: () => ITEM_TYPES[answer.type],
    asGridItem: () => ({ getRows: () => answer.rows ?? [] }),
    asCheckboxGridItem: () => ({ getRows: () => answer.rows ?? [] }),
  });
  return {
    authMode: 'FULL',
    triggerUid: '4034124084959907503',
    source: { getId: () => '1FAIpQLSd-score-form-0001' },
    response: {
      getId: () => options.id ?? '2_ABaOnudAbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
      getTimestamp: () => new Date('2026-06-15T01:00:00.250Z'),
      getRespondentEmail: () => options.email ?? 'teacher@bank.example',
      getItemResponses: () => answers.map((answer) => ({ getItem: () => item(answer), getResponse: () => answer.response })),
    },
  };
}

const SCORE_ANSWERS: ItemAnswer[] = [
  { title: '学员编号 Trainee ID', type: 'TEXT', response: 'T002' },
  { title: '课程编号 Course ID', type: 'LIST', response: 'C-PRO-CORP' },
  { title: '考核项目 Component', type: 'MULTIPLE_CHOICE', response: '考试' },
  { title: '考核次数 Attempt', type: 'SCALE', response: '1' },
  { title: '分数 Score', type: 'TEXT', response: '88' },
];

/** Code.gs in a fresh sandbox with stubbed services; replies are used in order, the last one repeats. */
function sandbox(
  properties: Record<string, string>,
  replies: Reply[] = [{ code: 200, body: '{"status":"accepted"}' }],
  identityToken = '',
) {
  const fetched: Fetched[] = [];
  const sleeps: number[] = [];
  const logs: string[] = [];
  const triggers: { handler: string; formId: string }[] = [
    { handler: 'onFormSubmit', formId: 'old' },
    { handler: 'somethingElse', formId: 'old' },
  ];
  const deleted: string[] = [];
  const form = { getId: () => '1FAIpQLSd-score-form-0001', getResponses: () => [] };
  // The script's clock moves only with its sleeps, so minutes of retries take no time.
  let now = Date.parse('2026-06-15T01:00:01Z');
  class ScriptDate extends Date {
    static override now(): number {
      return now;
    }
  }
  const context = vm.createContext({
    Date: ScriptDate,
    console: { log: (...parts: unknown[]) => logs.push(parts.join(' ')) },
    PropertiesService: { getScriptProperties: () => ({ getProperty: (name: string) => properties[name] ?? null }) },
    UrlFetchApp: {
      fetch: (url: string, options: Fetched['options']) => {
        fetched.push({ url, options });
        const reply = replies[Math.min(fetched.length - 1, replies.length - 1)] ?? 'throw';
        if (reply === 'throw') throw new Error('Address unavailable: ' + url);
        return { getResponseCode: () => reply.code, getContentText: () => reply.body ?? '', getHeaders: () => reply.headers ?? {} };
      },
    },
    ScriptApp: {
      getIdentityToken: () => identityToken,
      getProjectTriggers: () => triggers.map((trigger) => ({ getHandlerFunction: () => trigger.handler, id: trigger })),
      deleteTrigger: (trigger: { id: { handler: string } }) => deleted.push(trigger.id.handler),
      newTrigger: (handler: string) => ({
        forForm: (f: typeof form) => ({ onFormSubmit: () => ({ create: () => triggers.push({ handler, formId: f.getId() }) }) }),
      }),
    },
    Utilities: {
      sleep: (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
    },
    FormApp: { ItemType: ITEM_TYPES, getActiveForm: () => form },
  });
  vm.runInContext(CODE, context, { filename: 'Code.gs' });
  const call = (name: string, ...args: unknown[]) => (context[name] as (...a: unknown[]) => unknown)(...args);
  return { call, fetched, sleeps, logs, triggers, deleted };
}

const TOKEN_PROPS = { FUNCTION_URL: `${FUNCTION_URL}/`, KIND: 'score', SUBMIT_TOKEN: TOKEN };

describe('onFormSubmit', () => {
  it('POSTs the envelope with the shared token to FUNCTION_URL/submissions', () => {
    const script = sandbox(TOKEN_PROPS);
    script.call('onFormSubmit', formSubmitEvent(SCORE_ANSWERS));
    expect(script.fetched).toHaveLength(1);
    const [request] = script.fetched;
    expect(request?.url).toBe(`${FUNCTION_URL}/submissions`);
    expect(request?.options).toMatchObject({
      method: 'post',
      contentType: 'application/json',
      muteHttpExceptions: true,
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(JSON.parse(request?.options.payload ?? '')).toEqual({
      id: '2_ABaOnudAbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
      kind: 'score',
      submittedAt: '2026-06-15T01:00:00.250Z',
      submitter: 'teacher@bank.example',
      answers: {
        '学员编号 Trainee ID': ['T002'],
        '课程编号 Course ID': ['C-PRO-CORP'],
        '考核项目 Component': ['考试'],
        '考核次数 Attempt': ['1'],
        '分数 Score': ['88'],
      },
    });
    expect(script.logs).toEqual(['submission 2_ABaOnudAbCdEfGhIjKlMnOpQrStUvWxYz0123456789 (score): HTTP 200 accepted']);
  });

  it('sends the identity token with AUTH=identity, and no shared token is needed', () => {
    const script = sandbox({ FUNCTION_URL, KIND: 'score', AUTH: 'identity' }, undefined, 'header.payload.signature');
    script.call('onFormSubmit', formSubmitEvent(SCORE_ANSWERS));
    expect(script.fetched[0]?.options.headers).toEqual({ Authorization: 'Bearer header.payload.signature' });
  });

  it('names answers like e.namedValues: checkboxes as lists, grid rows as "Title [Row]", no e-mail no submitter', () => {
    const script = sandbox(TOKEN_PROPS);
    script.call(
      'onFormSubmit',
      formSubmitEvent(
        [
          { title: '考核项目 Component', type: 'CHECKBOX', response: ['考试', '论文'] },
          { title: '评价 Ratings', type: 'GRID', response: ['5', null], rows: ['讲师水平 Instructor level', '内容 Content'] },
          { title: '选择 Pick', type: 'CHECKBOX_GRID', response: [['a', 'b'], null], rows: ['一 One', '二 Two'] },
          { title: '上课时间 When', type: 'DATE', response: '2026-06-15 14:30' },
        ],
        { email: '' },
      ),
    );
    const body = JSON.parse(script.fetched[0]?.options.payload ?? '') as Record<string, unknown>;
    expect(body).not.toHaveProperty('submitter');
    expect(body['answers']).toEqual({
      '考核项目 Component': ['考试', '论文'],
      '评价 Ratings [讲师水平 Instructor level]': ['5'],
      '选择 Pick [一 One]': ['a', 'b'],
      '上课时间 When': ['2026-06-15T14:30'],
    });
  });

  it('retries a 503, a 429 (waiting what its Retry-After asks) and no answer with growing sleeps, and logs only the status', () => {
    const script = sandbox(TOKEN_PROPS, [
      { code: 503, body: 'Service Unavailable' },
      { code: 429, body: '{"status":"error","code":"RATE_LIMITED"}', headers: { 'Retry-After': '30' } },
      'throw',
      { code: 200, body: '{"status":"duplicate"}' },
    ]);
    script.call('onFormSubmit', formSubmitEvent(SCORE_ANSWERS));
    expect(script.fetched).toHaveLength(4);
    expect(script.sleeps).toEqual([5000, 30000, 20000]);
    expect(script.logs).toEqual(['submission 2_ABaOnudAbCdEfGhIjKlMnOpQrStUvWxYz0123456789 (score): HTTP 200 duplicate after 4 tries']);
    for (const secret of ['T002', '88', 'teacher@bank.example', TOKEN]) expect(script.logs.join('\n')).not.toContain(secret);
  });

  it('keeps retrying for five of its six minutes, waits growing to a minute, then fails the execution so the owner is told', () => {
    const script = sandbox(TOKEN_PROPS, [{ code: 500, body: '{"status":"error"}' }]);
    expect(() => script.call('onFormSubmit', formSubmitEvent(SCORE_ANSWERS))).toThrow(
      /did not take response .* \(HTTP 500 error\): see the function logs, then run resendAll\(\)/,
    );
    expect(script.sleeps).toEqual([5000, 10000, 20000, 40000, 60000, 60000, 60000]);
    expect(script.fetched).toHaveLength(8);
  });

  it('gives up at once when a Retry-After asks for more than the minutes left', () => {
    const script = sandbox(TOKEN_PROPS, [{ code: 429, body: '{"status":"error"}', headers: { 'retry-after': '600' } }]);
    expect(() => script.call('onFormSubmit', formSubmitEvent(SCORE_ANSWERS))).toThrow(/HTTP 429 error/);
    expect(script.fetched).toHaveLength(1);
    expect(script.sleeps).toEqual([]);
  });

  it.each([
    {
      name: 'a 401 is not retried and names the settings to check',
      reply: { code: 401, body: '{"status":"unauthorized"}' },
      error: /HTTP 401 unauthorized\): check SUBMIT_TOKEN/,
    },
    { name: 'a 404 points at FUNCTION_URL', reply: { code: 404, body: '{"status":"error"}' }, error: /check FUNCTION_URL/ },
  ])('$name', ({ reply, error }) => {
    const script = sandbox(TOKEN_PROPS, [reply]);
    expect(() => script.call('onFormSubmit', formSubmitEvent(SCORE_ANSWERS))).toThrow(error);
    expect(script.fetched).toHaveLength(1);
    expect(script.sleeps).toEqual([]);
  });

  it('takes a 422 as done: the entry is in the Rejected tab for staff', () => {
    const script = sandbox(TOKEN_PROPS, [
      { code: 422, body: '{"status":"rejected","errors":[{"field":"score","message":"分数：必须在 0 到 100 之间"}]}' },
    ]);
    script.call('onFormSubmit', formSubmitEvent(SCORE_ANSWERS));
    expect(script.fetched).toHaveLength(1);
    expect(script.logs).toEqual(['submission 2_ABaOnudAbCdEfGhIjKlMnOpQrStUvWxYz0123456789 (score): HTTP 422 rejected']);
  });

  it.each([
    { name: 'no FUNCTION_URL', props: { KIND: 'score', SUBMIT_TOKEN: TOKEN }, error: /Set the script property FUNCTION_URL/ },
    { name: 'no KIND', props: { FUNCTION_URL, SUBMIT_TOKEN: TOKEN }, error: /Set the script property KIND/ },
    { name: 'no SUBMIT_TOKEN with token auth', props: { FUNCTION_URL, KIND: 'score' }, error: /Set the script property SUBMIT_TOKEN/ },
    {
      name: 'an unknown AUTH',
      props: { FUNCTION_URL, KIND: 'score', AUTH: 'oauth' },
      error: /AUTH must be "token" \(the default\) or "identity"/,
    },
  ])('refuses to send with $name', ({ props, error }) => {
    const script = sandbox(props);
    expect(() => script.call('onFormSubmit', formSubmitEvent(SCORE_ANSWERS))).toThrow(error);
    expect(script.fetched).toHaveLength(0);
  });
});

describe('install', () => {
  it('replaces an earlier onFormSubmit trigger with one on this form and leaves other triggers', () => {
    const script = sandbox(TOKEN_PROPS);
    script.call('install');
    expect(script.deleted).toEqual(['onFormSubmit']);
    expect(script.triggers.at(-1)).toEqual({ handler: 'onFormSubmit', formId: '1FAIpQLSd-score-form-0001' });
  });

  it('checks the script properties first', () => {
    const script = sandbox({ FUNCTION_URL });
    expect(() => script.call('install')).toThrow(/Set the script property KIND/);
    expect(script.deleted).toEqual([]);
  });
});

describe('the manifest', () => {
  it('runs on V8 with the scopes the trigger needs', () => {
    const manifest = JSON.parse(readFileSync(path.join(DIR, 'appsscript.json'), 'utf8')) as {
      runtimeVersion: string;
      oauthScopes: string[];
    };
    expect(manifest.runtimeVersion).toBe('V8');
    expect(manifest.oauthScopes).toEqual(
      expect.arrayContaining([
        'openid',
        'https://www.googleapis.com/auth/userinfo.email',
        'https://www.googleapis.com/auth/script.external_request',
        'https://www.googleapis.com/auth/forms.currentonly',
      ]),
    );
  });
});

describe('the request the script sends, fed to the real handler', () => {
  const key = signingKey('key-2026-06');
  const certs = new HttpFake([certsRoute([key])]);
  let server: Server;
  let base: string;
  let store: MemorySheetStore;

  beforeAll(async () => {
    await certs.start();
    store = worldStore();
    const config = loadConfig({
      STORE: 'memory',
      SUBMIT_TOKEN: TOKEN,
      ID_TOKEN_AUDIENCES: `${FUNCTION_URL},${SCRIPT_CLIENT_ID}`,
      ALLOWED_INVOKERS: 'teacher@bank.example',
      RECOMPUTE_ON_SUBMIT: 'off',
    });
    const app = createApp(config, { store, clock, logger: memoryLogger(), idTokenClient: clientForCerts(certs.url) });
    functions.http('apps-script-target', app.handler);
    server = getTestServer('apps-script-target');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await certs.close();
  });

  /**
   * Replay what UrlFetchApp was asked against the local server: same headers and payload, and the path
   * after the function URL (Cloud Functions strips the function name, so the function sees /submissions).
   */
  function replay(request: Fetched | undefined): Promise<Response> {
    const url = request?.url ?? '';
    expect(url.startsWith(FUNCTION_URL)).toBe(true);
    return fetch(`${base}${url.slice(FUNCTION_URL.length)}`, {
      method: request?.options.method.toUpperCase() ?? 'POST',
      headers: { 'content-type': request?.options.contentType ?? '', ...request?.options.headers },
      body: request?.options.payload ?? '',
    });
  }

  const storedIds = async () =>
    ((await store.read([SCORES_TAB.name])).get(SCORES_TAB.name)?.rows ?? []).map((row) => row.values['submission_id']);

  it('is accepted with the shared token, and stored', async () => {
    const script = sandbox(TOKEN_PROPS);
    script.call('onFormSubmit', formSubmitEvent(SCORE_ANSWERS, { id: '2_ABaOnud-token' }));
    const response = await replay(script.fetched[0]);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'accepted' });
    expect(await storedIds()).toContain('2_ABaOnud-token');
  });

  it("is accepted with the script's identity token for its OAuth client id", async () => {
    const identity = signIdToken(key, googleClaims(SCRIPT_CLIENT_ID, 'teacher@bank.example'));
    const script = sandbox({ FUNCTION_URL, KIND: 'score', AUTH: 'identity' }, undefined, identity);
    script.call(
      'onFormSubmit',
      formSubmitEvent(
        [
          ...SCORE_ANSWERS.slice(0, 2),
          { title: '考核项目 Component', type: 'MULTIPLE_CHOICE', response: '项目作业' },
          ...SCORE_ANSWERS.slice(3),
        ],
        { id: '2_ABaOnud-identity' },
      ),
    );
    const response = await replay(script.fetched[0]);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'accepted' });
    expect(await storedIds()).toContain('2_ABaOnud-identity');
  });
});
