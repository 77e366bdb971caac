// Half-up rounding on the decimal a float stands for, not on its binary approximation.
import { describe, expect, it } from 'vitest';
import { clean, ratio, roundHalfUp } from '../../../functions/src/core/grading/decimal.js';

describe('roundHalfUp with values at, near and away from a half', () => {
  it.each([
    { name: '59.95 is a tie stored just below it', value: 59.95, digits: 1, expected: 60 },
    { name: '89.95 is a tie stored just below it', value: 89.95, digits: 1, expected: 90 },
    { name: '59.94 rounds down', value: 59.94, digits: 1, expected: 59.9 },
    { name: 'a weighted mean landing on .x5', value: 0.5 * 59.9 + 0.5 * 60, digits: 1, expected: 60 },
    { name: 'a mean of thirds landing on .x5', value: (59.85 + 60 + 60) / 3, digits: 1, expected: 60 },
    { name: 'weights 0.2/0.8 landing on .x5', value: 0.2 * 89.75 + 0.8 * 90, digits: 1, expected: 90 },
    { name: '0.1 + 0.2', value: 0.1 + 0.2, digits: 1, expected: 0.3 },
    { name: '1.005 to two decimals', value: 1.005, digits: 2, expected: 1.01 },
    { name: '2.675 to two decimals', value: 2.675, digits: 2, expected: 2.68 },
    { name: 'one third to four decimals', value: 1 / 3, digits: 4, expected: 0.3333 },
    { name: 'two thirds to four decimals', value: 2 / 3, digits: 4, expected: 0.6667 },
    { name: 'an integer stays', value: 100, digits: 1, expected: 100 },
    { name: 'zero stays zero', value: 0, digits: 1, expected: 0 },
    { name: 'negative ties go away from zero', value: -1.25, digits: 1, expected: -1.3 },
    { name: 'just below a tie by a real amount', value: 59.9499, digits: 1, expected: 59.9 },
  ])('$name', ({ value, digits, expected }) => {
    expect(roundHalfUp(value, digits)).toBe(expected);
  });

  it('gives the same double as the decimal literal', () => {
    expect(roundHalfUp(89.94, 1)).toBe(89.9);
    expect(Object.is(roundHalfUp(-0.01, 1), -0)).toBe(false);
    expect(roundHalfUp(-0.01, 1)).toBe(0);
  });
});

describe('ratio with and without a denominator', () => {
  it.each([
    { name: 'with no denominator it is null, never NaN', numerator: 0, denominator: 0, expected: null },
    { name: 'three of four', numerator: 3, denominator: 4, expected: 0.75 },
    { name: 'two of three to four decimals', numerator: 2, denominator: 3, expected: 0.6667 },
  ])('$name', ({ numerator, denominator, expected }) => {
    expect(ratio(numerator, denominator, 4)).toBe(expected);
  });
});

describe('clean with sums of decimals', () => {
  it('drops float noise from sums of decimals', () => {
    expect(clean(1.1 + 2.2)).toBe(3.3);
    expect(clean(0.1 * 3)).toBe(0.3);
  });
});
