// One worksheet part of an .xlsx as text: its rows split out so rows can be appended or the data rows replaced, the rest kept byte for byte.
import { columnToLetter } from '../../../core/a1.js';
import type { Cell } from '../../../core/cells.js';
import { storableText } from '../../../core/storable-text.js';

/** A `<row>` element as it stands in the part, with its 1-based row number. */
interface RowPart {
  readonly r: number;
  readonly xml: string;
}

const ROW_NUMBER = /^<[^>]*?\sr="(\d+)"/;
const HAS_VALUE = /<(?:[\w.-]+:)?(?:v|is|f)\b/;

// A carriage return goes out as a character reference: an XML parser reads a bare one (and CR LF) as a line feed,
// so the text read back would differ from the text acknowledged, and so would the key hashed from it.
const RESERVED = /[&<>"\r]/;
const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' };

/** Text for an XML text node or attribute: the reserved characters escaped, unstorable characters gone. */
export function escapeXml(text: string): string {
  const storable = storableText(text);
  return RESERVED.test(storable) ? storable.replace(/[&<>"\r]/g, (ch) => ESCAPES[ch] ?? ch) : storable;
}

/** Column letters for the first columns, computed once: every cell reference needs one. */
const LETTERS = Array.from({ length: 128 }, (_, i) => columnToLetter(i + 1));
const letter = (column: number) => LETTERS[column - 1] ?? columnToLetter(column);

/**
 * The XML of one cell: text as an inline string (so the shared-strings part stays untouched), numbers and
 * booleans as values. Text is never a formula: inline strings have no formula. A blank cell is left out.
 */
export function cellXml(prefix: string, ref: string, cell: Cell, style: number | undefined): string {
  const s = style === undefined ? '' : ` s="${style}"`;
  if (cell === null || (typeof cell === 'number' && !Number.isFinite(cell))) return '';
  if (typeof cell === 'number') return `<${prefix}c r="${ref}"${s}><${prefix}v>${cell}</${prefix}v></${prefix}c>`;
  if (typeof cell === 'boolean') return `<${prefix}c r="${ref}"${s} t="b"><${prefix}v>${cell ? 1 : 0}</${prefix}v></${prefix}c>`;
  const text = escapeXml(cell);
  if (text === '') return '';
  return `<${prefix}c r="${ref}"${s} t="inlineStr"><${prefix}is><${prefix}t xml:space="preserve">${text}</${prefix}t></${prefix}is></${prefix}c>`;
}

export function rowXml(prefix: string, r: number, cells: readonly Cell[], styles: ReadonlyMap<number, number>): string {
  let body = '';
  for (let i = 0; i < cells.length; i += 1) {
    const cell = cells[i] ?? null;
    if (cell !== null) body += cellXml(prefix, `${letter(i + 1)}${r}`, cell, styles.get(i + 1));
  }
  return `<${prefix}row r="${r}">${body}</${prefix}row>`;
}

const sameCells = (a: readonly Cell[] | undefined, b: readonly Cell[]) =>
  a !== undefined && a.length === b.length && a.every((cell, i) => cell === b[i]);

/** A worksheet part taken apart around its `<sheetData>`. */
export class SheetXml {
  /** Namespace prefix of the part's SpreadsheetML elements ('' or e.g. 'x:'). */
  readonly prefix: string;
  /** Style index per 1-based column, from `<cols>`: new cells take their column's format. */
  readonly columnStyles: ReadonlyMap<number, number>;
  private readonly head: string;
  private readonly tail: string;
  private rows: RowPart[];
  /** The cells of the data rows this object last wrote, so a replace regenerates only the rows that changed. */
  private written: (readonly Cell[])[] = [];

  constructor(xml: string) {
    const open = /<([\w.-]+:)?sheetData\b[^>]*?(\/?)>/.exec(xml);
    if (!open) throw new Error('worksheet part has no <sheetData>');
    this.prefix = open[1] ?? '';
    const start = open.index + open[0].length;
    if (open[2] === '/') {
      this.head = `${xml.slice(0, open.index)}<${this.prefix}sheetData>`;
      this.tail = `</${this.prefix}sheetData>${xml.slice(start)}`;
      this.rows = [];
    } else {
      const close = xml.indexOf(`</${this.prefix}sheetData>`, start);
      if (close < 0) throw new Error('worksheet part has no </sheetData>');
      this.head = xml.slice(0, start);
      this.tail = xml.slice(close);
      this.rows = splitRows(xml.slice(start, close), this.prefix);
    }
    this.columnStyles = columnStyles(this.head, this.prefix);
  }

  /** Number of the last row that holds a value (0 when none). */
  lastValueRow(): number {
    for (let i = this.rows.length - 1; i >= 0; i -= 1) {
      const row = this.rows[i] as RowPart;
      if (HAS_VALUE.test(row.xml)) return row.r;
    }
    return 0;
  }

  /**
   * Write rows from row `first` on, after the last row with a value. Rows there that hold only formatting
   * (a spreadsheet program writes those) make way; their number is taken by the new row.
   */
  appendRows(first: number, cellRows: readonly (readonly Cell[])[]): void {
    if (cellRows.length === 0) return;
    const last = first + cellRows.length - 1;
    const added = cellRows.map((cells, i) => ({ r: first + i, xml: rowXml(this.prefix, first + i, cells, this.columnStyles) }));
    this.rows = [...this.rows.filter((row) => row.r < first), ...added, ...this.rows.filter((row) => row.r > last)];
  }

  /** Replace every row after the header row (row 1) by these rows, from row 2 on; the header row stays as it is. */
  replaceDataRows(cellRows: readonly (readonly Cell[])[]): void {
    const headerRow = this.rows.find((row) => row.r === 1);
    const previous = new Map(this.rows.map((row) => [row.r, row]));
    const added = cellRows.map((cells, i) => {
      const r = i + 2;
      const before = previous.get(r);
      return before && sameCells(this.written[i], cells) ? before : { r, xml: rowXml(this.prefix, r, cells, this.columnStyles) };
    });
    this.rows = headerRow ? [headerRow, ...added] : added;
    this.written = [...cellRows];
  }

  toString(width: number): string {
    const lastRow = this.rows.reduce((max, row) => Math.max(max, row.r), 1);
    const head = this.head.replace(
      /(<(?:[\w.-]+:)?dimension\b[^>]*?\sref=")[^"]*(")/,
      `$1A1:${columnToLetter(Math.max(1, width))}${lastRow}$2`,
    );
    let body = '';
    for (const row of this.rows) body += row.xml;
    return head + body + this.tail;
  }
}

/** The `<row>` elements of a sheetData body, found by scanning for their tags (rows never nest). */
function splitRows(body: string, prefix: string): RowPart[] {
  const rows: RowPart[] = [];
  const open = `<${prefix}row`;
  const close = `</${prefix}row>`;
  let implicit = 0;
  let at = body.indexOf(open);
  while (at >= 0) {
    const tagEnd = body.indexOf('>', at);
    if (tagEnd < 0) break;
    const selfClosing = body[tagEnd - 1] === '/';
    const end = selfClosing ? tagEnd + 1 : body.indexOf(close, tagEnd) + close.length;
    if (end < close.length) break;
    const xml = body.slice(at, end);
    const numbered = ROW_NUMBER.exec(xml);
    // `r` may be left out, meaning "the row after the previous one" (ECMA-376 18.3.1.73).
    const r = numbered ? Number(numbered[1]) : implicit + 1;
    implicit = r;
    rows.push({ r, xml });
    at = body.indexOf(open, end);
  }
  return rows;
}

function columnStyles(head: string, prefix: string): Map<number, number> {
  const styles = new Map<number, number>();
  const cols = new RegExp(`<${prefix.replace(/[.-]/g, '\\$&')}col\\b[^>]*>`, 'g');
  for (const match of head.matchAll(cols)) {
    const attr = (name: string) => new RegExp(`\\s${name}="(\\d+)"`).exec(match[0])?.[1];
    const min = Number(attr('min'));
    const max = Math.min(Number(attr('max')), min + 1000);
    const style = attr('style');
    if (!Number.isInteger(min) || !Number.isInteger(max) || style === undefined) continue;
    for (let column = min; column <= max; column += 1) styles.set(column, Number(style));
  }
  return styles;
}
