// The Sheets fake's own A1 notation: written apart from functions/src/core/a1.ts on purpose, so a bug there is not mirrored here.

/** A range taken apart: the tab (undefined when none was named) and 0-based bounds, the ends exclusive; an end left out is open. */
export interface FakeA1 {
  readonly title: string | undefined;
  readonly r0: number;
  readonly c0: number;
  readonly r1: number | undefined;
  readonly c1: number | undefined;
}

/** A column's 0-based index from its letters, case as typed: a → 0, Z → 25, AA → 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 'A'.charCodeAt(0) + 1);
  return n - 1;
}

/** The letters of a 0-based column index. */
export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

type Part = { readonly letters: string; readonly digits: string };

function part(text: string): Part | undefined {
  const match = /^([A-Za-z]{0,3})([0-9]{0,7})$/.exec(text);
  if (!match || text === '') return undefined;
  if (match[2] !== '' && Number(match[2]) === 0) return undefined;
  return { letters: match[1] ?? '', digits: match[2] ?? '' };
}

/** The cells of `A1`, `A1:C9`, `A:C`, `2:4`, `A2:C` (open below) or `A:C9` (from row 1); undefined for anything else. */
export function parseCells(text: string): Omit<FakeA1, 'title'> | undefined {
  const sides = text.split(':');
  if (sides.length > 2) return undefined;
  const from = part(sides[0] ?? '');
  const to = sides.length === 2 ? part(sides[1] ?? '') : from;
  if (!from || !to) return undefined;
  if (sides.length === 1 && (from.letters === '' || from.digits === '')) return undefined;
  const kind = (p: Part) => (p.letters === '' ? 'row' : p.digits === '' ? 'column' : 'cell');
  const pair = `${kind(from)}:${kind(to)}`;
  if (!['cell:cell', 'column:column', 'row:row', 'cell:column', 'column:cell'].includes(pair)) return undefined;
  const rows = span(from.digits === '' ? 0 : Number(from.digits) - 1, to.digits === '' ? undefined : Number(to.digits));
  const columns = span(from.letters === '' ? 0 : columnIndex(from.letters), to.letters === '' ? undefined : columnIndex(to.letters) + 1);
  return { r0: rows.start, r1: rows.end, c0: columns.start, c1: columns.end };
}

/** A start and an exclusive end; Google reads B2:A1 as A1:B2, so ends given backwards are swapped. */
function span(start: number, end: number | undefined): { start: number; end: number | undefined } {
  if (end === undefined || end > start) return { start, end };
  return { start: end - 1, end: start + 1 };
}

/**
 * `'Tab name'!A1:C9`, `Tab!A:C`, a bare `'Tab'` or `Tab` (the whole tab), or cells alone (`A1:C9`, on the
 * first sheet). A bare word is returned as a title; the caller decides whether it is a tab or cells.
 */
export function parseRange(text: string): FakeA1 | undefined {
  let title: string;
  let cells: string | undefined;
  if (text.startsWith("'")) {
    const match = /^'((?:[^']|'')+)'(?:!(.*))?$/.exec(text);
    if (!match) return undefined;
    title = (match[1] ?? '').replaceAll("''", "'");
    cells = match[2];
  } else {
    const bang = text.indexOf('!');
    title = bang < 0 ? text : text.slice(0, bang);
    cells = bang < 0 ? undefined : text.slice(bang + 1);
    if (title === '' || /['!]/.test(title)) return undefined;
  }
  if (cells === undefined) return { title, r0: 0, c0: 0, r1: undefined, c1: undefined };
  const parsed = parseCells(cells);
  return parsed && { title, ...parsed };
}

/** A tab name as Google writes it in the ranges it answers with: bare when it is a plain word, quoted otherwise. */
export function tabRef(title: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(title) ? title : `'${title.replaceAll("'", "''")}'`;
}

/** A1 text of 0-based inclusive bounds, as Google answers: `Scores!A1:H1000`. */
export function formatRange(title: string, r0: number, c0: number, r1: number, c1: number): string {
  return `${tabRef(title)}!${columnLetters(c0)}${r0 + 1}:${columnLetters(c1)}${r1 + 1}`;
}
