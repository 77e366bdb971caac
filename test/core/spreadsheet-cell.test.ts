// Dates written as real date cells: ISO text of a date column becomes its serial, and reading the serial gives the same text back.
import { describe, expect, it } from 'vitest';
import { serialToWallClock, spreadsheetCell, wallClockText, wallClockToSerial } from '../../functions/src/core/cells.js';
import { DateTime } from 'luxon';

describe('spreadsheetCell', () => {
  it.each([
    { name: 'an ISO date in a date column is its serial', cell: '2026-03-01', kind: 'date', stored: 46082 },
    { name: 'the spreadsheet epoch day 1900-03-01 is serial 61', cell: '1900-03-01', kind: 'date', stored: 61 },
    { name: 'a leap day is a serial', cell: '2028-02-29', kind: 'date', stored: 46812 },
    {
      name: 'a date before 1900-03-01 stays text (Excel and the rest count it differently)',
      cell: '1900-02-28',
      kind: 'date',
      stored: '1900-02-28',
    },
    { name: 'an impossible date stays text, so validation reports it', cell: '2026-02-30', kind: 'date', stored: '2026-02-30' },
    { name: 'a date as people type it stays text (the store writes ISO only)', cell: '2026/3/1', kind: 'date', stored: '2026/3/1' },
    { name: 'a date with a time stays text', cell: '2026-03-01T08:00:00', kind: 'date', stored: '2026-03-01T08:00:00' },
    { name: 'a blank date stays blank', cell: null, kind: 'date', stored: null },
    { name: 'a number in a date column stays a number', cell: 46082, kind: 'date', stored: 46082 },
    {
      name: 'a date-time keeps its ISO text with offset',
      cell: '2026-03-01T09:30:00+08:00',
      kind: 'datetime',
      stored: '2026-03-01T09:30:00+08:00',
    },
    { name: 'date-looking text in a text column stays text', cell: '2026-03-01', kind: 'text', stored: '2026-03-01' },
    { name: 'a column the template does not know is left alone', cell: '2026-03-01', kind: undefined, stored: '2026-03-01' },
  ] as const)('$name', ({ cell, kind, stored }) => {
    expect(spreadsheetCell(cell, kind)).toBe(stored);
  });

  it.each(['2026-01-01', '2026-12-31', '2000-02-29', '1999-12-31', '2099-07-15'])('reads %s back as the same text', (text) => {
    const serial = spreadsheetCell(text, 'date');
    expect(typeof serial).toBe('number');
    expect(wallClockText(serialToWallClock(serial as number))).toBe(text);
  });

  it('is the inverse of serialToWallClock at a time of day too', () => {
    const wall = DateTime.fromISO('2026-03-01T12:00:00', { zone: 'utc' });
    expect(wallClockToSerial(wall)).toBe(46082.5);
    expect(serialToWallClock(46082.5).toISO()).toBe(wall.toISO());
  });
});
