// Cells to and from the Sheets API: unformatted values with date serials in, RAW values and typed CellData out.
import type { sheets_v4 } from '@googleapis/sheets';
import type { ColumnType, TabDef } from '../../../../sheets-templates/index.js';
import { serialToWallClock, wallClockText, type Cell } from '../../core/cells.js';
import { indexHeaders } from '../../core/table.js';

type Kind = ColumnType['kind'];

/**
 * A value read with UNFORMATTED_VALUE and SERIAL_NUMBER as the Cell the .xlsx adapter gives for the same
 * cell: blank as null, and a number in a date or date-time column (a serial: the sheet shows it as a date)
 * as its wall-clock text. Which numbers are dates comes from the template's column type.
 */
export function sheetValueToCell(value: unknown, kind: Kind | undefined): Cell {
  if (value === '' || value === null || value === undefined) return null;
  if (typeof value === 'number') return kind === 'date' || kind === 'datetime' ? wallClockText(serialToWallClock(value)) : value;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return null;
}

/**
 * The rows of a tab as the API returned them (ragged, header first) as Cells. The header row decides
 * which column holds which template column; a broken header row raises HeaderError naming the tab.
 */
export function gridFromValues(tab: TabDef, values: readonly (readonly unknown[])[] | null | undefined): Cell[][] {
  const [headerRow = [], ...body] = values ?? [];
  const header = headerRow.map((value) => sheetValueToCell(value, undefined));
  const kinds: (Kind | undefined)[] = [];
  const types = new Map(tab.columns.map((column) => [column.key, column.type.kind]));
  for (const [key, position] of indexHeaders(tab, header)) kinds[position] = types.get(key);
  return [header, ...body.map((row) => row.map((value, i) => sheetValueToCell(value, kinds[i])))];
}

/** A Cell as a RAW value: text is stored as typed, so "=SUM(A1)" or "+1" stays text; blank is the empty string. */
export function cellToRaw(cell: Cell): string | number | boolean {
  return cell === null ? '' : cell;
}

/** A Cell as the userEnteredValue of a CellData: typed, never parsed, so text never becomes a formula; blank clears. */
export function cellToCellData(cell: Cell): sheets_v4.Schema$CellData {
  if (cell === null) return {};
  if (typeof cell === 'string') return { userEnteredValue: { stringValue: cell } };
  if (typeof cell === 'number') return { userEnteredValue: { numberValue: cell } };
  return { userEnteredValue: { boolValue: cell } };
}
