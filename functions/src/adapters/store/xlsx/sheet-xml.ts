// One worksheet part of an .xlsx as text: its rows split out so rows can be appended or the data rows replaced, the rest kept byte for byte.
import { columnToLetter } from '../../../core/a1.js';
import type { Cell } from '../../../core/cells.js';
import { storableText } from '../../../core/storable-text.js';

/** A `<row>` element as it stands in the part, with its 1-based row number. */
interface RowPart {
  readonly r: number;
  readonly xml: string;
}

const ROW = /<(?:[\w.-]+:)?row\b[^>]*?(?:\/>|>[\s\S]*?<\/(?:[\w.-]+:)?row>)/g;
const ROW_NUMBER = /^<[^>]*?\sr="(\d+)"/;
const HAS_VALUE = /<(?:[\w.-]+:)?(?:v|is|f)\b/;

/** Text for an XML text node or attribute: the five reserved characters escaped, unstorable characters gone. */
export function escapeXml(text: string): string {
  return storableText(text).replace(/[&<>"]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&quot;'));
}

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
  for (let i = 0; i < cells.length; i += 1) body += cellXml(prefix, `${columnToLetter(i + 1)}${r}`, cells[i] ?? null, styles.get(i + 1));
  return `<${prefix}row r="${r}">${body}</${prefix}row>`;
}

/** A worksheet part taken apart around its `<sheetData>`. */
export class SheetXml {
  /** Namespace prefix of the part's SpreadsheetML elements ('' or e.g. 'x:'). */
  readonly prefix: string;
  /** Style index per 1-based column, from `<cols>`: new cells take their column's format. */
  readonly columnStyles: ReadonlyMap<number, number>;
  private readonly head: string;
  private readonly tail: string;
  private rows: RowPart[];

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
      this.rows = splitRows(xml.slice(start, close));
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
    const added = cellRows.map((cells, i) => ({ r: i + 2, xml: rowXml(this.prefix, i + 2, cells, this.columnStyles) }));
    this.rows = headerRow ? [headerRow, ...added] : added;
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

function splitRows(body: string): RowPart[] {
  const rows: RowPart[] = [];
  let implicit = 0;
  for (const match of body.matchAll(ROW)) {
    const numbered = ROW_NUMBER.exec(match[0]);
    // `r` may be left out, meaning "the row after the previous one" (ECMA-376 18.3.1.73).
    const r = numbered ? Number(numbered[1]) : implicit + 1;
    implicit = r;
    rows.push({ r, xml: match[0] });
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
