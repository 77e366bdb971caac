// The requests that turn a derived tab's rows as they stand into the rows a recompute made: only changed rows, a grid sized to them.
import type { sheets_v4 } from '@googleapis/sheets';
import type { Cell } from '../../core/cells.js';
import type { SheetGrid } from './sheets-grid.js';
import { cellToCellData } from './sheets-values.js';

type Rows = readonly (readonly Cell[])[];

/** Google Sheets has no empty text: "" written reads back blank, so the two are the same cell. */
export function sameCell(a: Cell | undefined, b: Cell | undefined): boolean {
  const blank = (cell: Cell | undefined) => cell === null || cell === undefined || cell === '';
  return blank(a) ? blank(b) : a === b;
}

export function sameRow(a: readonly Cell[] | undefined, b: readonly Cell[] | undefined): boolean {
  const width = Math.max(a?.length ?? 0, b?.length ?? 0);
  for (let i = 0; i < width; i += 1) if (!sameCell(a?.[i], b?.[i])) return false;
  return true;
}

/** Spare grid rows kept below the data: a few runs' growth without an appendDimension each time. */
export function headroom(rows: number): number {
  return Math.max(10, Math.ceil(rows / 20));
}

/** The grid rows a tab of `rows` data rows should have once written: header, data, headroom. */
export function sizedRowCount(grid: SheetGrid, rows: number): number {
  const needed = rows + 1;
  if (grid.rowCount < needed) return needed + headroom(rows);
  // Far larger than the data (a year's rows gone, or Google's 1,000-row default): shrink, so empty cells stop counting.
  if (grid.rowCount > needed + 4 * headroom(rows)) return needed + headroom(rows);
  return grid.rowCount;
}

/** Runs [start, end) of data-row indexes whose rows differ, gaps of `join` rows or fewer merged into one run. */
export function changedRuns(before: Rows, after: Rows, upTo: number, join = 2): { start: number; end: number }[] {
  const runs: { start: number; end: number }[] = [];
  for (let i = 0; i < upTo; i += 1) {
    if (sameRow(before[i], after[i])) continue;
    const last = runs[runs.length - 1];
    if (last && i - last.end <= join) last.end = i + 1;
    else runs.push({ start: i, end: i + 1 });
  }
  return runs;
}

/**
 * Requests for one spreadsheets.batchUpdate that make the tab's data rows `after`, given that they are `before`
 * now (the store read or wrote them): grow the grid if short, rewrite only the changed rows (cells of the range a
 * row leaves out are cleared, so a row that lost a value loses it), and delete grid rows far past the data.
 * Rows equal to what stands make no request at all; an unchanged tab, none.
 */
export function diffRequests(grid: SheetGrid, width: number, before: Rows, after: Rows): sheets_v4.Schema$Request[] {
  const requests: sheets_v4.Schema$Request[] = [];
  const target = sizedRowCount(grid, after.length);
  if (target > grid.rowCount) {
    requests.push({ appendDimension: { sheetId: grid.sheetId, dimension: 'ROWS', length: target - grid.rowCount } });
  }
  // Rows the shrink deletes need no clearing first.
  const upTo = Math.min(Math.max(before.length, after.length), target - 1);
  const columns = Math.max(1, width);
  for (const { start, end } of changedRuns(before, after, upTo)) {
    requests.push({
      updateCells: {
        range: { sheetId: grid.sheetId, startRowIndex: 1 + start, endRowIndex: 1 + end, startColumnIndex: 0, endColumnIndex: columns },
        rows: after.slice(start, end).map((row) => ({ values: row.slice(0, columns).map(cellToCellData) })),
        fields: 'userEnteredValue',
      },
    });
  }
  if (target < grid.rowCount) {
    requests.push({
      deleteDimension: { range: { sheetId: grid.sheetId, dimension: 'ROWS', startIndex: target, endIndex: grid.rowCount } },
    });
  }
  return requests;
}
