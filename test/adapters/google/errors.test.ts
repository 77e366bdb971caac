// The one reading of failed Google calls and its kinds, and the Forms table on top of it (the Sheets and provisioning tables have their own tests).
import { describe, expect, it } from 'vitest';
import { formsApiError, isTransientFormsError } from '../../../functions/src/adapters/google/forms-api.js';
import { mapGoogleFailure, readFailure, scopeMissingWords, type FailureMessages } from '../../../functions/src/adapters/google/errors.js';
import { FormsApiError } from '../../../functions/src/ports.js';
import { scopeInsufficientError, serviceDisabledError, type FakeResponse } from '../../fakes/http-fake.js';

/** An error shaped as gaxios raises it: the request config, and the response when one came. */
function gaxiosError(status: number | undefined, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`request failed: ${message}`), {
    config: {},
    ...(status === undefined ? {} : { status, response: { status, data: { error: { code: status, message } } } }),
    ...extra,
  });
}

/** A gaxios error carrying a fake's answer as Google sends it. */
function answered(response: FakeResponse): Error {
  return Object.assign(new Error('request failed'), {
    config: {},
    status: response.status,
    response: { status: response.status, data: response.body },
  });
}

/** Words that name their kind and the message they were given, so a test sees which one was picked. */
const named = (kind: string) => (failure: { message: string }) => `${kind}: ${failure.message}`;
const answers: FailureMessages = {
  noAnswer: named('noAnswer'),
  unauthenticated: named('unauthenticated'),
  forbidden: named('forbidden'),
  serviceDisabled: named('serviceDisabled'),
  scopeMissing: named('scopeMissing'),
  notFound: named('notFound'),
  rateLimited: named('rateLimited'),
  serverError: named('serverError'),
  refused: named('refused'),
};
const withCredentials: FailureMessages = {
  ...answers,
  noCredentials: named('noCredentials'),
  impersonationRefused: named('impersonationRefused'),
};

describe('readFailure', () => {
  it.each([
    [
      'a gaxios error with Google’s answer',
      gaxiosError(403, 'The caller does not have permission'),
      { status: 403, message: 'The caller does not have permission' },
    ],
    [
      'a status on the error only',
      { status: 404, message: 'Requested entity was not found.' },
      { status: 404, message: 'Requested entity was not found.' },
    ],
    [
      'a lost connection naming its code',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
      { message: 'connect ECONNREFUSED 127.0.0.1:9', code: 'ECONNREFUSED' },
    ],
    [
      'fetch’s "fetch failed", the code nested twice',
      gaxiosError(undefined, 'x', {
        message: 'fetch failed',
        cause: new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) }),
      }),
      { message: 'fetch failed (ECONNREFUSED)', code: 'ECONNREFUSED' },
    ],
    [
      'a timeout',
      gaxiosError(undefined, 'x', { message: 'The operation was aborted due to timeout', code: 'TimeoutError' }),
      { message: 'The operation was aborted due to timeout (TimeoutError)', code: 'TimeoutError' },
    ],
    ['a thrown string', 'boom', { message: 'boom' }],
  ])('%s', (_name, error, failure) => expect(readFailure(error)).toEqual(failure));
});

describe('the three 403s', () => {
  it('reads the reason, the service and the project from ErrorInfo', () => {
    expect(readFailure(answered(serviceDisabledError('sheets.googleapis.com', 'bank-training')))).toMatchObject({
      status: 403,
      reason: 'SERVICE_DISABLED',
      service: 'sheets.googleapis.com',
      project: 'bank-training',
      activationUrl: 'https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project=bank-training',
    });
  });

  it('says how to enable an API that is off, with the command', () => {
    const withoutServiceDisabled: FailureMessages = { ...answers };
    delete (withoutServiceDisabled as { serviceDisabled?: unknown }).serviceDisabled;
    const { kind, message } = mapGoogleFailure(
      answered(serviceDisabledError('sheets.googleapis.com', 'bank-training')),
      withoutServiceDisabled,
      'BAD',
    );
    expect(kind).toBe('serviceDisabled');
    expect(message).toMatch(
      /^sheets\.googleapis\.com is not enabled in project bank-training: run `gcloud services enable sheets\.googleapis\.com --project=bank-training`/,
    );
  });

  it('names the scopes a token lacks and how each kind of credentials gets them', () => {
    const words = scopeMissingWords(['https://www.googleapis.com/auth/spreadsheets'])(
      readFailure(answered(scopeInsufficientError('sheets.googleapis.com', 'm'))),
    );
    expect(words).toMatch(/not granted the scopes this needs \(https:\/\/www\.googleapis\.com\/auth\/spreadsheets\)/);
    expect(words).toMatch(/gcloud auth application-default login --scopes=.*auth\/spreadsheets`/);
    expect(words).toContain('Admin console');
  });

  it('falls back to the not-shared words for a 403 without a reason it knows', () => {
    expect(mapGoogleFailure(gaxiosError(403, 'The caller does not have permission'), answers, 'BAD').kind).toBe('forbidden');
  });
});

describe('mapGoogleFailure', () => {
  it.each([
    ['no answer', gaxiosError(undefined, 'x', { code: 'ECONNRESET' }), 'noAnswer', 'UNAVAILABLE'],
    ['401', gaxiosError(401, 'Login Required.'), 'unauthenticated', 'NOT_AUTHORIZED'],
    ['403', gaxiosError(403, 'denied'), 'forbidden', 'NOT_AUTHORIZED'],
    ['403 SERVICE_DISABLED', answered(serviceDisabledError('forms.googleapis.com', 'bank-training')), 'serviceDisabled', 'NOT_AUTHORIZED'],
    [
      '403 accessNotConfigured',
      gaxiosError(403, 'off', {
        response: { status: 403, data: { error: { message: 'off', errors: [{ reason: 'accessNotConfigured' }] } } },
      }),
      'serviceDisabled',
      'NOT_AUTHORIZED',
    ],
    [
      '403 ACCESS_TOKEN_SCOPE_INSUFFICIENT',
      answered(scopeInsufficientError('sheets.googleapis.com', 'google.apps.sheets.v4.SpreadsheetsService.GetSpreadsheet')),
      'scopeMissing',
      'NOT_AUTHORIZED',
    ],
    ['404', gaxiosError(404, 'gone'), 'notFound', 'NOT_FOUND'],
    ['429', gaxiosError(429, 'Quota exceeded'), 'rateLimited', 'RATE_LIMITED'],
    ['500', gaxiosError(500, 'Internal error'), 'serverError', 'UNAVAILABLE'],
    ['503', gaxiosError(503, 'unavailable'), 'serverError', 'UNAVAILABLE'],
    ['400', gaxiosError(400, 'Invalid value'), 'refused', 'BAD'],
    ['409', gaxiosError(409, 'exists'), 'refused', 'BAD'],
  ])('%s is %s', (_name, error, kind, code) => {
    const mapped = mapGoogleFailure(error, answers, 'BAD');
    expect(mapped).toMatchObject({ kind, code });
    expect(mapped.message).toBe(`${kind}: ${mapped.failure.message}`);
  });

  it.each([
    ['missing ADC', new Error('Could not load the default credentials. Browse to …'), 'noCredentials'],
    [
      'an expired login, which the token endpoint answers with 400',
      gaxiosError(400, 'x', { message: 'invalid_grant: reauth related error (invalid_rapt)' }),
      'noCredentials',
    ],
    [
      'a refused impersonation, with Google’s answer about the token request',
      gaxiosError(403, 'Permission denied', { message: 'PERMISSION_DENIED: unable to impersonate: denied' }),
      'impersonationRefused',
    ],
  ])('tells %s from the library’s own words, where the table has advice for it', (_name, error, kind) => {
    const mapped = mapGoogleFailure(error, withCredentials, 'BAD');
    expect(mapped).toMatchObject({ kind, code: 'NOT_AUTHORIZED', message: `${kind}: ${error.message}` });
    expect(mapGoogleFailure(error, answers, 'BAD').kind).not.toBe(kind);
  });
});

describe('Forms API failures', () => {
  it.each([
    [
      'no answer',
      gaxiosError(undefined, 'x', { code: 'ECONNRESET', message: 'socket hang up' }),
      'UNAVAILABLE',
      true,
      'Could not read form f-1: the Forms API did not answer (socket hang up (ECONNRESET)); the call is retried',
    ],
    [
      '429',
      gaxiosError(429, 'Quota exceeded'),
      'RATE_LIMITED',
      true,
      'Could not read form f-1: Forms API quota exhausted (HTTP 429); the call is retried',
    ],
    [
      '503',
      gaxiosError(503, 'unavailable'),
      'UNAVAILABLE',
      true,
      'Could not read form f-1: the Forms API failed (HTTP 503); the call is retried',
    ],
    [
      '403',
      gaxiosError(403, 'denied'),
      'NOT_AUTHORIZED',
      false,
      "Could not read form f-1 (HTTP 403) (the API said: denied): share the form as editor with the functions' service account (provisioning does; see the Forms tab)",
    ],
    [
      '404',
      gaxiosError(404, 'gone'),
      'NOT_FOUND',
      false,
      'Could not read form f-1: no such form or watch (HTTP 404) (the API said: gone); check form_id in the Forms tab',
    ],
    [
      '400',
      gaxiosError(400, 'Invalid filter'),
      'INVALID_REQUEST',
      false,
      'Could not read form f-1 (HTTP 400) (the API said: Invalid filter)',
    ],
    // The function's own service account: no credentials is an outage of the metadata server, worth Pub/Sub's redelivery.
    [
      'no credentials',
      new Error('Could not load the default credentials.'),
      'UNAVAILABLE',
      true,
      'Could not read form f-1: the Forms API did not answer (Could not load the default credentials.); the call is retried',
    ],
  ])('%s', (_name, error, code, transient, message) => {
    const mapped = formsApiError(error, 'read form f-1');
    expect(mapped).toMatchObject({ code, message });
    expect(isTransientFormsError(mapped)).toBe(transient);
  });

  it('keeps the status and passes its own errors through', () => {
    expect(formsApiError(gaxiosError(404, 'gone'), 'x').status).toBe(404);
    const own = new FormsApiError('NOT_FOUND', 'gone', 404);
    expect(formsApiError(own, 'x')).toBe(own);
  });
});
