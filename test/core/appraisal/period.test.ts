// Appraisal period ids: parsed, formatted and matched to dates in one place.
import { describe, expect, it } from 'vitest';
import { cadenceOf, monthsOf, parsePeriod, periodOf, type Cadence } from '../../../functions/src/core/appraisal/period.js';

describe('parsePeriod', () => {
  it.each([
    ['a month', '2026-M07', { id: '2026-M07', cadence: 'month', start: '2026-07-01', end: '2026-07-31' }],
    ['February of a leap year', '2028-M02', { id: '2028-M02', cadence: 'month', start: '2028-02-01', end: '2028-02-29' }],
    ['a quarter', '2026-Q3', { id: '2026-Q3', cadence: 'quarter', start: '2026-07-01', end: '2026-09-30' }],
    ['the last quarter', '2026-Q4', { id: '2026-Q4', cadence: 'quarter', start: '2026-10-01', end: '2026-12-31' }],
    ['a half-year', '2026-H2', { id: '2026-H2', cadence: 'half', start: '2026-07-01', end: '2026-12-31' }],
    ['a year', '2026', { id: '2026', cadence: 'year', start: '2026-01-01', end: '2026-12-31' }],
    ['lower case and spaces', ' 2026-q3 ', { id: '2026-Q3', cadence: 'quarter', start: '2026-07-01', end: '2026-09-30' }],
  ])('reads %s', (_name, text, expected) => {
    expect(parsePeriod(text)).toMatchObject(expected);
  });

  it.each([
    ['month 13', '2026-M13'],
    ['month 0', '2026-M00'],
    ['a one-digit month', '2026-M7'],
    ['quarter 5', '2026-Q5'],
    ['half 3', '2026-H3'],
    ['a date', '2026-07-01'],
    ['a year out of range', '1999'],
    ['words', '第三季度'],
    ['nothing', ''],
  ])('refuses %s', (_name, text) => {
    expect(parsePeriod(text)).toBeUndefined();
  });
});

describe('periodOf', () => {
  it.each<[string, string, Cadence, string]>([
    ['a July day by month', '2026-07-31', 'month', '2026-M07'],
    ['a July day by quarter', '2026-07-31', 'quarter', '2026-Q3'],
    ['the first of October by quarter', '2026-10-01', 'quarter', '2026-Q4'],
    ['the last of June by half-year', '2026-06-30', 'half', '2026-H1'],
    ['a July day by half-year', '2026-07-01', 'half', '2026-H2'],
    ['a day by year', '2026-12-31', 'year', '2026'],
    ['a month by quarter', '2026-09', 'quarter', '2026-Q3'],
  ])('puts %s in its period', (_name, date, cadence, id) => {
    expect(periodOf(date, cadence)?.id).toBe(id);
  });

  it('refuses text that is no date', () => {
    expect(periodOf('soon', 'month')).toBeUndefined();
  });

  it('round-trips every period id it formats', () => {
    for (const cadence of ['month', 'quarter', 'half', 'year'] as const) {
      for (let month = 1; month <= 12; month += 1) {
        const period = periodOf(`2026-${String(month).padStart(2, '0')}-15`, cadence);
        expect(parsePeriod(period?.id ?? '')).toEqual(period);
      }
    }
  });
});

describe('cadences and months', () => {
  it('maps each Settings word to a cadence', () => {
    expect([cadenceOf('月度'), cadenceOf('季度'), cadenceOf('半年度'), cadenceOf('年度')]).toEqual(['month', 'quarter', 'half', 'year']);
  });

  it.each([
    ['2026-M07', ['2026-07']],
    ['2026-Q3', ['2026-07', '2026-08', '2026-09']],
    ['2026-H1', ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']],
  ])('lists the months of %s', (id, months) => {
    const period = parsePeriod(id);
    expect(period && monthsOf(period)).toEqual(months);
  });

  it('lists twelve months for a year', () => {
    const period = parsePeriod('2026');
    expect(period && monthsOf(period)).toHaveLength(12);
  });
});
