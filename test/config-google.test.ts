// The Google block of the configuration: both variables optional, the root URL checked.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../functions/src/config.js';

describe('the Google configuration', () => {
  const cases: { name: string; env: Record<string, string>; expected: Record<string, string | undefined> }[] = [
    { name: 'unset: no spreadsheet yet, real Google', env: {}, expected: { spreadsheetId: undefined, googleApiRootUrl: undefined } },
    {
      name: 'blank counts as unset',
      env: { SPREADSHEET_ID: ' ', GOOGLE_API_ROOT_URL: '' },
      expected: { spreadsheetId: undefined, googleApiRootUrl: undefined },
    },
    {
      name: 'set, trimmed',
      env: { SPREADSHEET_ID: ' 1AbC-xyz_0123456789 ', GOOGLE_API_ROOT_URL: 'http://127.0.0.1:4010' },
      expected: { spreadsheetId: '1AbC-xyz_0123456789', googleApiRootUrl: 'http://127.0.0.1:4010' },
    },
  ];

  it.each(cases)('$name', ({ env, expected }) => {
    const config = loadConfig(env, '/srv');
    expect({ spreadsheetId: config.spreadsheetId, googleApiRootUrl: config.googleApiRootUrl }).toEqual(expected);
  });

  it('refuses a root URL that is not http(s)', () => {
    expect(() => loadConfig({ GOOGLE_API_ROOT_URL: 'localhost:4010' })).toThrow(ConfigError);
    expect(() => loadConfig({ GOOGLE_API_ROOT_URL: 'ftp://127.0.0.1' })).toThrow(/GOOGLE_API_ROOT_URL/);
  });
});
