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
