// The sheets of a spreadsheet and their grid sizes: what whole-tab writes and the cell-limit check need.
import type { sheets_v4 } from '@googleapis/sheets';
import { parseA1Range, type A1Range } from '../../core/a1.js';
import { StoreError } from '../../ports.js';

/** Google Sheets holds at most this many cells per spreadsheet, empty grid cells included. */
export const GOOGLE_SHEETS_MAX_CELLS = 10_000_000;

/** Field mask of `spreadsheets.get` (and of a batchUpdate's updatedSpreadsheet) that yields a layout. */
export const LAYOUT_FIELDS = 'sheets.properties(sheetId,title,gridProperties(rowCount,columnCount))';

export interface SheetGrid {
  readonly sheetId: number;
  readonly title: string;
  readonly rowCount: number;
  readonly columnCount: number;
}

/** Every sheet of the spreadsheet by title, the staff's own tabs included: they count towards the limit too. */
export type SheetLayout = ReadonlyMap<string, SheetGrid>;

export function layoutFromSheets(sheets: readonly sheets_v4.Schema$Sheet[] | undefined): SheetLayout {
  const layout = new Map<string, SheetGrid>();
  for (const sheet of sheets ?? []) {
    const properties = sheet.properties;
    if (!properties || typeof properties.title !== 'string') continue;
    layout.set(properties.title, {
      sheetId: properties.sheetId ?? 0,
      title: properties.title,
      rowCount: properties.gridProperties?.rowCount ?? 0,
      columnCount: properties.gridProperties?.columnCount ?? 0,
    });
  }
  return layout;
}

export function cellCount(layout: SheetLayout): number {
  let cells = 0;
  for (const grid of layout.values()) cells += grid.rowCount * grid.columnCount;
  return cells;
}

/** The layout with some tabs resized; tabs it does not know are left out. */
export function resized(
  layout: SheetLayout,
  sizes: ReadonlyMap<string, { readonly rowCount: number; readonly columnCount?: number }>,
): SheetLayout {
  const next = new Map(layout);
  for (const [title, size] of sizes) {
    const grid = layout.get(title);
    if (grid) next.set(title, { ...grid, rowCount: size.rowCount, columnCount: size.columnCount ?? grid.columnCount });
  }
  return next;
}

/**
 * The grid size a values.batchGet answer reveals: for a whole-tab range the API names the whole grid
 * ("Scores!A1:H1000"), so the rows and columns it ends at are the tab's size.
 */
export function gridExtent(
  range: A1Range | null | undefined,
): { readonly title: string; readonly rowCount: number; readonly columnCount: number } | undefined {
  const parsed = range ? parseA1Range(range) : undefined;
  if (!parsed || parsed.toRow === undefined || parsed.toColumn === undefined) return undefined;
  if ((parsed.fromRow ?? 1) !== 1 || (parsed.fromColumn ?? 1) !== 1) return undefined;
  return { title: parsed.tab, rowCount: parsed.toRow, columnCount: parsed.toColumn };
}

/**
 * Refuse a write that would take the spreadsheet from `before` to `after` cells past `limit`. A write that
 * does not grow the grid passes even over the limit: it cannot make matters worse.
 */
export function checkCapacity(spreadsheetId: string, before: SheetLayout, after: SheetLayout, limit: number): void {
  const now = cellCount(before);
  const next = cellCount(after);
  if (next <= limit || next <= now) return;
  throw new StoreError(
    'CAPACITY',
    `Spreadsheet ${spreadsheetId} would grow to ${next.toLocaleString('en-US')} cells, over the limit of ${limit.toLocaleString('en-US')} ` +
      `(it has ${now.toLocaleString('en-US')}; Google Sheets holds at most 10,000,000 cells a spreadsheet, empty grid cells included). ` +
      `Archive last year's rows to another spreadsheet, or delete unused rows and columns, then resubmit.`,
  );
}
