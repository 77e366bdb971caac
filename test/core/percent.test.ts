// The one percent formatter of the terminal summary and the digest e-mail: half-up rounding, one decimal, no NaN.
import { describe, expect, it } from 'vitest';
import { formatPercent } from '../../functions/src/core/percent.js';

describe('formatPercent', () => {
  it.each([
    ['a whole percentage keeps its decimal', 0.75, '75.0%'],
    ['one decimal', 0.923, '92.3%'],
    ['a tie rounds up where toFixed rounds down (12.35 is stored as 12.3499…)', 0.1235, '12.4%'],
    ['an exact tie rounds up', 0.8125, '81.3%'],
    ['just under a tie rounds down', 0.123449, '12.3%'],
    ['a tie near 100 % rounds up to 100', 0.9995, '100.0%'],
    ['all', 1, '100.0%'],
    ['none', 0, '0.0%'],
    ['a tiny rate rounds up at its tie', 0.0005, '0.1%'],
    ['a tiny rate under its tie is 0.0', 0.00049, '0.0%'],
  ])('%s: %s is %s', (_name, rate, expected) => expect(formatPercent(rate)).toBe(expected));

  it.each([
    ['no rate', null],
    ['not a number', Number.NaN],
    ['infinite', Number.POSITIVE_INFINITY],
  ])('%s is the "none" text, never NaN%%', (_name, rate) => {
    expect(formatPercent(rate)).toBe('—');
    expect(formatPercent(rate, 'n/a')).toBe('n/a');
  });
});
