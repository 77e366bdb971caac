// One tab of the in-memory workbook: its header, its rows as the file has them plus rows not saved yet, and the keys that recognise appended rows.
import { createHash } from 'node:crypto';
import { REJECTED_TAB, type TabDef } from '../../../../../sheets-templates/index.js';
import { isBlank, type Cell } from '../../../core/cells.js';
import {
  HeaderError,
  headerWidth,
  indexHeaders,
  recordToCells,
  templateHeaderRow,
  type HeaderIndex,
  type RowRecord,
  type SheetRow,
} from '../../../core/table.js';
import { uniqueText } from '../store-rules.js';

/**
 * What recognises a row the function appended, in the file and in the journal: its submission id, or for
 * Rejected (where one id may be rejected with different bodies) and rows without one, a hash of its values.
 */
export function rowKey(tab: string, values: Readonly<Record<string, Cell | undefined>>): string {
  const id = uniqueText(values['submission_id']);
  if (tab !== REJECTED_TAB.name && id !== '') return `id:${id}`;
  const basis =
    tab === REJECTED_TAB.name
      ? [id, uniqueText(values['raw'])]
      : Object.keys(values)
          .sort()
          .map((key) => [key, values[key] ?? null]);
  return `h:${createHash('sha256').update(JSON.stringify(basis)).digest('base64url').slice(0, 22)}`;
}

export function keyedValues(index: HeaderIndex, cells: readonly Cell[]): Record<string, Cell> {
  const values: Record<string, Cell> = {};
  for (const [key, position] of index) values[key] = cells[position] ?? null;
  return values;
}

export class TabModel {
  readonly header: readonly Cell[];
  readonly width: number;
  /** The header problem that makes the tab unusable, reported on every read or write of it. */
  readonly problem: HeaderError | undefined;
  /** True when the file lacks the tab or has an outdated header on an empty derived tab: the next save lays it out. */
  readonly needsLayout: boolean;
  private readonly headerIndex: HeaderIndex | undefined;
  rows: SheetRow[];
  /** Number of the last row holding a value, pending rows included. */
  lastRow: number;
  private readonly unique = new Map<string, Set<string>>();
  private keys: Map<string, SheetRow> | undefined;

  constructor(
    readonly def: TabDef,
    grid: readonly (readonly Cell[])[] | undefined,
  ) {
    const fileHeader = grid?.[0] ?? [];
    const body = grid?.slice(1) ?? [];
    const empty = body.every((row) => row.every(isBlank));
    let index = tryIndex(def, fileHeader);
    let header: readonly Cell[] = fileHeader;
    this.needsLayout = grid === undefined;
    if (grid === undefined || (def.role === 'derived' && empty && index instanceof HeaderError)) {
      // A derived tab a newer release added, or laid out by an older one while still empty: only functions write it.
      header = templateHeaderRow(def);
      index = indexHeaders(def, header);
      this.needsLayout = true;
    }
    this.header = header;
    this.width = headerWidth(header);
    this.problem = index instanceof HeaderError ? index : undefined;
    this.headerIndex = index instanceof HeaderError ? undefined : index;
    this.rows = [];
    this.lastRow = 1;
    if (this.headerIndex) {
      body.forEach((cells, i) => {
        if (cells.every(isBlank)) return;
        this.rows.push({ rowNumber: i + 2, values: keyedValues(this.headerIndex as HeaderIndex, cells) });
        this.lastRow = i + 2;
      });
    }
  }

  /** The header index; throws the tab's header problem. */
  index(): HeaderIndex {
    if (!this.headerIndex) throw this.problem as HeaderError;
    return this.headerIndex;
  }

  /** A record laid out along the header, as the file will hold it: empty text and numbers no cell can hold are blank. */
  cells(record: RowRecord): Cell[] {
    return recordToCells(this.index(), this.width, record).map(asStored);
  }

  /** Values of a unique column already in the tab; kept current by `push` and `remove`. */
  uniqueValues(column: string): Set<string> {
    let values = this.unique.get(column);
    if (!values) {
      values = new Set(this.rows.map((row) => uniqueText(row.values[column])));
      values.delete('');
      this.unique.set(column, values);
    }
    return values;
  }

  hasKey(key: string): boolean {
    return this.keyed().has(key);
  }

  /** Values of the row with this key, if the tab has it. */
  rowWithKey(key: string): Readonly<Record<string, Cell>> | undefined {
    return this.keyed().get(key)?.values;
  }

  private keyed(): Map<string, SheetRow> {
    this.keys ??= new Map(this.rows.map((row) => [rowKey(this.def.name, row.values), row]));
    return this.keys;
  }

  /** Add a row after the last one; returns it so a failed journal write can take it back. */
  push(record: RowRecord, key: string): SheetRow {
    this.lastRow += 1;
    const row: SheetRow = { rowNumber: this.lastRow, values: keyedValues(this.index(), this.cells(record)) };
    this.rows.push(row);
    for (const [column, values] of this.unique) {
      const value = uniqueText(row.values[column]);
      if (value !== '') values.add(value);
    }
    this.keys?.set(key, row);
    return row;
  }

  remove(row: SheetRow): void {
    const at = this.rows.lastIndexOf(row);
    if (at < 0) return;
    this.rows.splice(at, 1);
    if (row.rowNumber === this.lastRow) this.lastRow -= 1;
    this.unique.clear();
    this.keys = undefined;
  }

  /** Replace the data rows whole (derived tabs). */
  replaceRows(cellRows: readonly (readonly Cell[])[]): void {
    const index = this.index();
    this.rows = cellRows.map((cells, i) => ({ rowNumber: i + 2, values: keyedValues(index, cells) }));
    this.lastRow = cellRows.length + 1;
    this.unique.clear();
    this.keys = undefined;
  }
}

function asStored(cell: Cell): Cell {
  return cell === '' || (typeof cell === 'number' && !Number.isFinite(cell)) ? null : cell;
}

function tryIndex(def: TabDef, header: readonly Cell[]): HeaderIndex | HeaderError {
  try {
    return indexHeaders(def, header);
  } catch (error) {
    if (error instanceof HeaderError) return error;
    throw error;
  }
}
