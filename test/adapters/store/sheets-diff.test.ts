// The requests that bring a derived tab from what stands to what a recompute made: changed rows only, grids sized to the data.
import { describe, expect, it } from 'vitest';
import { changedRuns, diffRequests, sameCell, sizedRowCount } from '../../../functions/src/adapters/store/sheets-diff.js';
import type { Cell } from '../../../functions/src/core/cells.js';

const grid = (rowCount: number) => ({ sheetId: 7, title: 'Grades', rowCount, columnCount: 26 });
const rows = (...ids: string[]): Cell[][] => ids.map((id) => [id, 1]);

describe('sameCell', () => {
  it.each([
    { name: 'blank and empty text', a: null, b: '', same: true },
    { name: 'equal numbers', a: 0.85, b: 0.85, same: true },
    { name: 'a number and its text', a: 1, b: '1', same: false },
    { name: 'blank and zero', a: null, b: 0, same: false },
  ])('$name', ({ a, b, same }) => expect(sameCell(a, b)).toBe(same));
});

describe('sizedRowCount', () => {
  it.each([
    { name: 'a grid that fits stays', rowCount: 60, data: 40, size: 60 },
    { name: 'a short grid grows with headroom', rowCount: 5, data: 10, size: 21 },
    { name: "Google's 1,000 rows for 40 rows of data shrink", rowCount: 1000, data: 40, size: 51 },
    { name: 'a large tab keeps 5 % headroom', rowCount: 1000, data: 2000, size: 2101 },
  ])('$name', ({ rowCount, data, size }) => expect(sizedRowCount(grid(rowCount), data)).toBe(size));
});

describe('changedRuns', () => {
  it.each([
    { name: 'nothing changed', before: rows('a', 'b'), after: rows('a', 'b'), runs: [] },
    { name: 'one row changed', before: rows('a', 'b', 'c'), after: rows('a', 'x', 'c'), runs: [{ start: 1, end: 2 }] },
    { name: 'rows gone are runs to clear', before: rows('a', 'b', 'c'), after: rows('a'), runs: [{ start: 1, end: 3 }] },
    { name: 'close changes merge', before: rows('a', 'b', 'c', 'd'), after: rows('x', 'b', 'c', 'y'), runs: [{ start: 0, end: 4 }] },
    {
      name: 'far changes stay apart',
      before: rows('a', 'b', 'c', 'd', 'e', 'f'),
      after: rows('x', 'b', 'c', 'd', 'e', 'y'),
      runs: [
        { start: 0, end: 1 },
        { start: 5, end: 6 },
      ],
    },
  ])('$name', ({ before, after, runs }) => expect(changedRuns(before, after, Math.max(before.length, after.length))).toEqual(runs));
});

describe('diffRequests', () => {
  it('sends nothing for a tab as it stands, in a grid that fits', () => {
    expect(diffRequests(grid(20), 2, rows('a', 'b'), rows('a', 'b'))).toEqual([]);
  });

  it('rewrites only the changed row, bounded to the header width so a shorter row clears its old cells', () => {
    expect(diffRequests(grid(20), 2, rows('a', 'b'), [['a', 1], ['b']])).toEqual([
      {
        updateCells: {
          range: { sheetId: 7, startRowIndex: 2, endRowIndex: 3, startColumnIndex: 0, endColumnIndex: 2 },
          rows: [{ values: [{ userEnteredValue: { stringValue: 'b' } }] }],
          fields: 'userEnteredValue',
        },
      },
    ]);
  });

  it('grows a short grid before writing the new rows', () => {
    const requests = diffRequests(grid(2), 2, rows('a'), rows('a', 'b', 'c'));
    expect(requests[0]).toEqual({ appendDimension: { sheetId: 7, dimension: 'ROWS', length: 12 } });
    expect(requests[1]?.updateCells?.range).toMatchObject({ startRowIndex: 2, endRowIndex: 4 });
  });

  it('deletes the rows far past the data instead of clearing them', () => {
    const before = rows(...Array.from({ length: 100 }, (_, i) => `r${i}`));
    const requests = diffRequests(grid(1000), 2, before, before.slice(0, 3));
    expect(requests).toEqual([
      {
        updateCells: {
          range: { sheetId: 7, startRowIndex: 4, endRowIndex: 14, startColumnIndex: 0, endColumnIndex: 2 },
          rows: [],
          fields: 'userEnteredValue',
        },
      },
      { deleteDimension: { range: { sheetId: 7, dimension: 'ROWS', startIndex: 14, endIndex: 1000 } } },
    ]);
  });
});
