// Failed Google calls during provisioning become StoreError codes with what to do.
import { describe, expect, it } from 'vitest';
import { provisioningError } from '../../../functions/src/provision/google/api-errors.js';
import { StoreError } from '../../../functions/src/ports.js';

const FIX = 'Share it with the account.';

describe('provisioningError', () => {
  const cases: { name: string; error: unknown; code: string; says: string }[] = [
    {
      name: '403 from the API',
      error: { status: 403, response: { data: { error: { message: 'The caller does not have permission' } } } },
      code: 'NOT_AUTHORIZED',
      says: 'The caller does not have permission. Share it with the account.',
    },
    {
      name: '401',
      error: { response: { status: 401 }, message: 'Login Required.' },
      code: 'NOT_AUTHORIZED',
      says: 'Login Required. Share it',
    },
    {
      name: '404',
      error: { status: 404, message: 'Requested entity was not found.' },
      code: 'NOT_FOUND',
      says: 'does not exist or is not shared with these credentials. Share it',
    },
    {
      name: '429',
      error: { status: 429, message: 'Quota exceeded' },
      code: 'RATE_LIMITED',
      says: 'Wait a minute and run the command again',
    },
    { name: '503', error: { status: 503, message: 'unavailable' }, code: 'UNAVAILABLE', says: 'Google answered 503' },
    {
      name: '400',
      error: { status: 400, message: 'Invalid requests[3]' },
      code: 'WRITE_FAILED',
      says: 'Google refused the request (400: Invalid requests[3])',
    },
    {
      name: 'no credentials at all',
      error: new Error('Could not load the default credentials. Browse to https://x for more information.'),
      code: 'NOT_AUTHORIZED',
      says: 'gcloud auth application-default login',
    },
    {
      name: 'no answer (network)',
      error: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
      code: 'UNAVAILABLE',
      says: 'ECONNREFUSED 127.0.0.1:9. Check the network (or GOOGLE_API_ROOT_URL)',
    },
  ];

  it.each(cases)('$name', ({ error, code, says }) => {
    const converted = provisioningError(error, 'read the spreadsheet s-1', FIX);
    expect(converted.code).toBe(code);
    expect(converted.message).toMatch(/^Could not read the spreadsheet s-1: /);
    expect(converted.message).toContain(says);
  });

  it('passes a StoreError through unchanged', () => {
    const error = new StoreError('NOT_FOUND', 'gone');
    expect(provisioningError(error, 'x', FIX)).toBe(error);
  });
});
