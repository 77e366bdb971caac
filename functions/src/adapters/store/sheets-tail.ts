// Append-only tabs read by their tail: the rows an instance knows are kept, and a read fetches only the rows below them.
import type { TabDef } from '../../../../sheets-templates/index.js';
import { a1Range, type A1Range } from '../../core/a1.js';
import type { Cell } from '../../core/cells.js';
import { gridToTable, headerWidth, type SheetRow, type Table } from '../../core/table.js';
import { sameRow } from './sheets-diff.js';
import { gridFromValues } from './sheets-values.js';

/** What an instance knows of an append-only tab from its latest read. */
export interface KnownTail {
  readonly header: readonly Cell[];
  readonly rows: readonly SheetRow[];
  /** Sheet row number of the last row read (the header's, 1, when the tab had no data). */
  readonly last: number;
  /** That row's cells, within the header's width: read again each time to notice rows deleted or inserted above it. */
  readonly anchor: readonly Cell[];
  /** When the tab was last read whole (Date.now()). */
  readonly wholeAt: number;
}

/** What a whole read of the tab tells (header row first, ragged, as values.batchGet gives it). */
export function knownFromWhole(grid: readonly (readonly Cell[])[], table: Table, at: number): KnownTail {
  const header = grid[0] ?? [];
  const width = headerWidth(header);
  return {
    header,
    rows: table.rows,
    last: Math.max(1, grid.length),
    anchor: (grid[grid.length - 1] ?? header).slice(0, width),
    wholeAt: at,
  };
}

/** The two ranges of a tail read: the header row, and the anchor row down to the end of the grid. */
export function tailRanges(name: string, known: KnownTail): readonly [A1Range, A1Range] {
  return [
    a1Range(name, 1, 1, Math.max(1, headerWidth(known.header)), 1),
    a1Range(name, 1, known.last, Math.max(1, headerWidth(known.header))),
  ];
}

/**
 * The tab after a tail read, or undefined when what was kept no longer holds and the tab must be read whole: the
 * header changed (columns moved), or the anchor row is not what it was (rows deleted or inserted above it).
 */
export function mergeTail(
  tab: TabDef,
  known: KnownTail,
  headerValues: readonly (readonly unknown[])[] | null | undefined,
  tailValues: readonly (readonly unknown[])[] | null | undefined,
): { table: Table; known: KnownTail } | undefined {
  const [headerRow = []] = headerValues ?? [];
  const grid = gridFromValues(tab, [headerRow, ...(tailValues ?? [])]);
  const header = grid[0] ?? [];
  const width = headerWidth(known.header);
  if (!sameRow(header.slice(0, width), known.header.slice(0, width))) return undefined;
  const anchor = grid[1] ?? [];
  if (!sameRow(anchor.slice(0, width), known.anchor)) return undefined;
  const below = grid.slice(2);
  // gridToTable numbers the first row under the header 2; these start at the row after the anchor.
  const added = gridToTable(tab, [header, ...below]).rows.map((row) => ({ ...row, rowNumber: row.rowNumber + known.last - 1 }));
  const rows = [...known.rows, ...added];
  const last = known.last + below.length;
  const lastCells = below.length === 0 ? known.anchor : (below[below.length - 1] ?? []).slice(0, width);
  return {
    table: { tab: tab.name, rows },
    known: { header: known.header, rows, last, anchor: lastCells, wholeAt: known.wholeAt },
  };
}
