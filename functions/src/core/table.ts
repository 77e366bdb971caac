// Rows by header name: maps a tab's header row to stable column keys and refuses broken header rows.
import { headerText, type ColumnType, type TabDef } from '../../../sheets-templates/index.js';
import { columnToLetter, type RowNumber } from './a1.js';
import { isBlank, normalizeWord, type Cell } from './cells.js';

/** One data row, keyed by stable column key, with the row number people see in the sheet. */
export interface SheetRow {
  readonly rowNumber: RowNumber;
  readonly values: Readonly<Record<string, Cell>>;
}

export interface Table {
  readonly tab: string;
  readonly rows: readonly SheetRow[];
}

/** A row to write, keyed by column key; keys a tab does not have are ignored, missing keys are blank. */
export type RowRecord = Readonly<Record<string, Cell | undefined>>;

export type HeaderProblem = 'missing' | 'blank' | 'duplicate';

/**
 * A header row that cannot be read safely; names the tab and the header so staff can fix it. The
 * message is in both languages, Chinese first: the Settings language may be what cannot be read.
 */
export class HeaderError extends Error {
  constructor(
    readonly tab: string,
    readonly problem: HeaderProblem,
    readonly header: string,
    readonly column?: string,
  ) {
    super(`${headerProblemText(tab, problem, header, column, 'zh-CN')} ${headerProblemText(tab, problem, header, column, 'en')}`);
    this.name = 'HeaderError';
  }
}

/** What is wrong with a header row, in one language. */
export function headerProblemText(
  tab: string,
  problem: HeaderProblem,
  header: string,
  column: string | undefined,
  language: 'zh-CN' | 'en',
): string {
  if (language === 'zh-CN') {
    const where = column === undefined ? '' : `（第 ${column} 列）`;
    const what = {
      missing: `缺少表头“${header}”`,
      blank: `在其他表头之间有空白表头${where}`,
      duplicate: `表头“${header}”出现了不止一次${where}`,
    }[problem];
    return `工作表“${tab}”${what}。`;
  }
  const where = column === undefined ? '' : ` (column ${column})`;
  const what = {
    missing: `is missing the header "${header}"`,
    blank: `has a blank header${where} between other headers`,
    duplicate: `has the header "${header}" more than once${where}`,
  }[problem];
  return `Tab "${tab}" ${what}.`;
}

/** Position of every template column in a real header row: column key → 0-based index. */
export type HeaderIndex = ReadonlyMap<string, number>;

/**
 * Resolve a header row against a tab definition. A header cell matches a column by its full header
 * text, its zh-CN or English label or its key. Extra headers staff added are allowed and ignored; a
 * column marked optionalHeader may be missing (it is then absent from the index).
 */
export function indexHeaders(tab: TabDef, headerRow: readonly unknown[]): HeaderIndex {
  const lookup = new Map<string, string>();
  for (const column of tab.columns) {
    for (const name of [headerText(column), column.label.zh, column.label.en, column.key]) lookup.set(normalizeWord(name), column.key);
  }
  const last = headerWidth(headerRow) - 1;

  const index = new Map<string, number>();
  const seen = new Set<string>();
  for (let i = 0; i <= last; i += 1) {
    const cell = headerRow[i];
    if (isBlank(cell)) throw new HeaderError(tab.name, 'blank', '', columnToLetter(i + 1));
    const text = String(cell).trim();
    const word = normalizeWord(text);
    if (seen.has(word)) throw new HeaderError(tab.name, 'duplicate', text, columnToLetter(i + 1));
    seen.add(word);
    const key = lookup.get(word);
    if (key === undefined) continue;
    if (index.has(key)) throw new HeaderError(tab.name, 'duplicate', text, columnToLetter(i + 1));
    index.set(key, i);
  }
  for (const column of tab.columns) {
    // A column added since the workbook was laid out reads as blank until provisioning adds its header.
    if (!index.has(column.key) && column.optionalHeader !== true) throw new HeaderError(tab.name, 'missing', headerText(column));
  }
  return index;
}

/** Read a grid (header row first) into keyed rows; fully blank rows are skipped. */
export function gridToTable(tab: TabDef, grid: readonly (readonly Cell[])[]): Table {
  const [headerRow = [], ...body] = grid;
  const index = indexHeaders(tab, headerRow);
  const rows: SheetRow[] = [];
  body.forEach((cells, i) => {
    if (cells.every(isBlank)) return;
    const values: Record<string, Cell> = {};
    for (const [key, position] of index) values[key] = cells[position] ?? null;
    rows.push({ rowNumber: i + 2, values });
  });
  return { tab: tab.name, rows };
}

/** Lay a keyed record out along a real header row; columns the template does not know stay blank. */
export function recordToCells(index: HeaderIndex, width: number, record: Readonly<Record<string, Cell | undefined>>): Cell[] {
  const cells: Cell[] = new Array<Cell>(width).fill(null);
  for (const [key, position] of index) {
    const value = record[key];
    cells[position] = value === undefined ? null : value;
  }
  return cells;
}

/** The template column type of each position of a header row (undefined for columns the template does not know). */
export function columnKinds(tab: TabDef, index: HeaderIndex): (ColumnType['kind'] | undefined)[] {
  const kinds: (ColumnType['kind'] | undefined)[] = [];
  for (const column of tab.columns) {
    const at = index.get(column.key);
    if (at !== undefined) kinds[at] = column.type.kind;
  }
  return kinds;
}

/** Columns a header row spans: up to its last non-blank header; blank cells after it are not columns. */
export function headerWidth(headerRow: readonly unknown[]): number {
  let width = headerRow.length;
  while (width > 0 && isBlank(headerRow[width - 1])) width -= 1;
  return width;
}

/** The header row a template lays out, for a new tab. */
export function templateHeaderRow(tab: TabDef): string[] {
  return tab.columns.map(headerText);
}
