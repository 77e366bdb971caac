// `.env.example` is the one configuration reference: exactly the variables the schema reads, each explained, at its default.
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig } from '../functions/src/config.js';

const EXAMPLE = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
const assigned = EXAMPLE.split('\n')
  .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
  .filter((name): name is string => name !== undefined);

describe('.env.example', () => {
  it('lists every variable the configuration reads, once, and nothing else (K_SERVICE is set by Google, never by people)', () => {
    expect(new Set(assigned).size).toBe(assigned.length);
    expect([...assigned].sort()).toEqual(CONFIG_VARIABLES.filter((name) => name !== 'K_SERVICE').sort());
  });

  it('shows the defaults: loading it gives the configuration of an empty environment', () => {
    expect(loadConfig(parseEnv(EXAMPLE), '/srv')).toEqual(loadConfig({}, '/srv'));
  });

  it('explains every variable: each group of lines that sets one has a comment', () => {
    const groups = EXAMPLE.split(/\n\s*\n/);
    const unexplained = groups.filter((group) => /^[A-Z]/m.test(group) && !/^#/m.test(group));
    expect(unexplained).toEqual([]);
  });
});
