// Spreadsheet coordinates: 1-based row and column numbers, column letters and A1 ranges.

/** A 1-based row number as people see it in the sheet (the header is row 1). */
export type RowNumber = number;

/** A range in A1 notation with its tab, e.g. `'Scores'!A2:H20`. */
export type A1Range = string;

/** Column letter of a 1-based column number: 1 → A, 26 → Z, 27 → AA. */
export function columnToLetter(column: number): string {
  if (!Number.isInteger(column) || column < 1) throw new RangeError(`column must be a positive integer, got ${column}`);
  let letters = '';
  let rest = column;
  while (rest > 0) {
    const remainder = (rest - 1) % 26;
    letters = String.fromCharCode(65 + remainder) + letters;
    rest = Math.floor((rest - 1) / 26);
  }
  return letters;
}

/** 1-based column number of a column letter: A → 1, AA → 27. */
export function letterToColumn(letters: string): number {
  if (!/^[A-Z]+$/.test(letters)) throw new RangeError(`not a column letter: ${letters}`);
  let column = 0;
  for (const ch of letters) column = column * 26 + (ch.charCodeAt(0) - 64);
  return column;
}

/** Quoted tab name for A1 notation; a quote inside the name is doubled. */
export function quoteTab(tab: string): string {
  return `'${tab.replace(/'/g, "''")}'`;
}

export function a1Range(tab: string, fromColumn: number, fromRow: RowNumber, toColumn: number, toRow?: RowNumber): A1Range {
  const end = toRow === undefined ? columnToLetter(toColumn) : `${columnToLetter(toColumn)}${toRow}`;
  return `${quoteTab(tab)}!${columnToLetter(fromColumn)}${fromRow}:${end}`;
}

/** An A1 range taken apart: the tab and 1-based inclusive bounds; a bound left out is open (to the grid's edge). */
export interface ParsedRange {
  readonly tab: string;
  readonly fromColumn?: number;
  readonly fromRow?: RowNumber;
  readonly toColumn?: number;
  readonly toRow?: RowNumber;
}

const CELL_PART = /^([A-Z]*)(\d*)$/;

/**
 * Parse `'Tab name'!A1:H20`, `Tab!A:C`, `'Tab'!1:1`, `'Tab'!B2` or a bare `'Tab'` (the whole tab), as the
 * Sheets API writes and accepts them; undefined when it is not such a range.
 */
// eslint-disable-next-line complexity -- the A1 grammar's five shapes, tested case by case in a1.test.ts
export function parseA1Range(range: A1Range): ParsedRange | undefined {
  let tab: string;
  let rest: string;
  if (range.startsWith("'")) {
    let i = 1;
    tab = '';
    for (;;) {
      const quote = range.indexOf("'", i);
      if (quote < 0) return undefined;
      tab += range.slice(i, quote);
      if (range[quote + 1] !== "'") {
        rest = range.slice(quote + 1);
        break;
      }
      tab += "'";
      i = quote + 2;
    }
  } else {
    const bang = range.indexOf('!');
    tab = bang < 0 ? range : range.slice(0, bang);
    rest = bang < 0 ? '' : range.slice(bang);
  }
  if (tab === '') return undefined;
  if (rest === '') return { tab };
  if (!rest.startsWith('!')) return undefined;
  const [from = '', to, extra] = rest.slice(1).toUpperCase().split(':');
  if (extra !== undefined) return undefined;
  const start = CELL_PART.exec(from);
  const end = CELL_PART.exec(to ?? from);
  if (!start || !end || from === '' || to === '') return undefined;
  const bound = (letters: string | undefined, digits: string | undefined) => ({
    column: letters ? letterToColumn(letters) : undefined,
    row: digits ? Number(digits) : undefined,
  });
  const a = bound(start[1], start[2]);
  const b = bound(end[1], end[2]);
  if (a.row === 0 || b.row === 0) return undefined;
  return {
    tab,
    ...(a.column === undefined ? {} : { fromColumn: a.column }),
    ...(a.row === undefined ? {} : { fromRow: a.row }),
    ...(b.column === undefined ? {} : { toColumn: b.column }),
    ...(b.row === undefined ? {} : { toRow: b.row }),
  };
}
