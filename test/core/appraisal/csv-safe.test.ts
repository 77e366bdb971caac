// CSV cells Excel would run as formulas are neutralised (OWASP CSV injection); everything else is left as it is.
import { describe, expect, it } from 'vitest';
import { neutralised } from '../../../functions/src/core/appraisal/csv-safe.js';

describe('neutralised', () => {
  it.each<[string, string | number | null, string | number | null]>([
    ['an equals sign', '=1+1', "'=1+1"],
    ['a DDE payload', "=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['a plus sign', '+1-1', "'+1-1"],
    ['a minus sign', '-2+3+cmd', "'-2+3+cmd"],
    ['an at sign', '@SUM(A1)', "'@SUM(A1)"],
    ['a leading tab', '\t=1', "'\t=1"],
    ['a leading carriage return', '\r=1', "'\r=1"],
    ['a Chinese name', '张三', '张三'],
    ['a formula character later on', '张=三', '张=三'],
    ['a leading space before =', ' =1', ' =1'],
    ['a period id', '2026-Q3', '2026-Q3'],
    ['a negative number', -1.5, -1.5],
    ['a number', 24, 24],
    ['a blank', null, null],
    ['empty text', '', ''],
  ])('%s', (_name, cell, expected) => {
    expect(neutralised(cell)).toBe(expected);
  });
});
