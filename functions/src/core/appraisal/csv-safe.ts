// CSV cells that Excel would run as formulas, neutralised as OWASP's CSV-injection guidance says.

/** The characters that make Excel (and LibreOffice, Sheets) read a cell as a formula or DDE command. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell that begins with = + - @, a tab or a carriage return gets a leading single quote, so the
 * spreadsheet shows it as text; the CSV writer quotes every text field (and doubles its quotes), as OWASP
 * asks. Numbers stay numbers: -1.5 is a value, and prefixing it would turn HR's bonus points into text.
 */
export function neutralised(cell: string | number | null): string | number | null {
  return typeof cell === 'string' && FORMULA_START.test(cell) ? `'${cell}` : cell;
}
