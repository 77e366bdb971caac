// Request bodies of the Sheets API calls the store makes, built from plain data so they are tested without I/O.
import type { sheets_v4 } from '@googleapis/sheets';
import { quoteTab, type A1Range } from '../../core/a1.js';
import type { Cell } from '../../core/cells.js';
import type { SheetGrid } from './sheets-grid.js';
import { cellToCellData } from './sheets-values.js';

/** A whole tab: a bare quoted name covers every row and column the tab has, however wide staff made it. */
export function wholeTabRange(tab: string): A1Range {
  return quoteTab(tab);
}

/** The header row of a tab. */
export function headerRowRange(tab: string): A1Range {
  return `${quoteTab(tab)}!1:1`;
}

/**
 * The request that appends rows to a tab, for one spreadsheets.batchUpdate: appendCells writes after the last
 * row with a value in any column, always from column A, adding grid rows only when the grid is full. Not
 * values.append, which writes after the LAST table it detects in the range, from that table's first column: a
 * note staff typed in column B below a blank row is such a table, and every row would land one column right.
 * Typed userEnteredValues keep text as text.
 */
export function appendRequest(grid: SheetGrid, rows: readonly (readonly Cell[])[]): sheets_v4.Schema$Request {
  return {
    appendCells: { sheetId: grid.sheetId, rows: rows.map((row) => ({ values: row.map(cellToCellData) })), fields: 'userEnteredValue' },
  };
}

/** The tab's row count once `rows` data rows are written under its header: the grid grows, never shrinks. */
export function rowCountAfterReplace(grid: SheetGrid, rows: number): number {
  return Math.max(grid.rowCount, rows + 1);
}

/**
 * Requests that replace a tab's data rows, for one spreadsheets.batchUpdate: add the rows the grid lacks,
 * then one updateCells over everything below the header. Its range is open to the grid's end, so every
 * old row past the new ones is cleared whatever their number, and typed userEnteredValues keep text as
 * text. Only values change: formats, validation and protection stay.
 */
export function replaceRequests(grid: SheetGrid, rows: readonly (readonly Cell[])[]): sheets_v4.Schema$Request[] {
  const requests: sheets_v4.Schema$Request[] = [];
  const missing = rows.length + 1 - grid.rowCount;
  if (missing > 0) requests.push({ appendDimension: { sheetId: grid.sheetId, dimension: 'ROWS', length: missing } });
  // A grid of the header alone has no data row to clear, and an empty range there is refused.
  if (rows.length === 0 && grid.rowCount <= 1) return requests;
  requests.push({
    updateCells: {
      range: { sheetId: grid.sheetId, startRowIndex: 1, startColumnIndex: 0 },
      rows: rows.map((row) => ({ values: row.map(cellToCellData) })),
      fields: 'userEnteredValue',
    },
  });
  return requests;
}
