// The cell values of a workbook's tabs, read part by part with a SAX parser (saxes): shared strings, date formats, then each worksheet.
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { letterToColumn } from '../../../core/a1.js';
import { serialToWallClock, wallClockText, type Cell } from '../../../core/cells.js';
import { partEntry, partText, type WorkbookParts } from './workbook-file.js';

/** Local name of a tag, whatever prefix the writing program gave the SpreadsheetML namespace. */
const local = (name: string) => name.slice(name.indexOf(':') + 1);

function parse(
  xml: string,
  on: { open?: (tag: SaxesTagPlain) => void; close?: (name: string) => void; text?: (text: string) => void },
): void {
  const parser = new SaxesParser({ xmlns: false });
  parser.on('error', (error) => {
    throw error;
  });
  if (on.open) parser.on('opentag', on.open);
  if (on.close) {
    const close = on.close;
    parser.on('closetag', (tag) => close(local(tag.name)));
  }
  if (on.text) {
    parser.on('text', on.text);
    parser.on('cdata', on.text);
  }
  parser.write(xml).close();
}

/** Shared strings in order; the text of a rich string is its runs joined, its phonetic guide (rPh) left out. */
export function sharedStrings(xml: string): string[] {
  const strings: string[] = [];
  let current: string | undefined;
  let inText = false;
  let phonetic = 0;
  parse(xml, {
    open: (tag) => {
      const name = local(tag.name);
      if (name === 'si') current = '';
      else if (name === 'rPh') phonetic += 1;
      else if (name === 't' && phonetic === 0) inText = true;
    },
    close: (name) => {
      if (name === 'si') {
        strings.push(current ?? '');
        current = undefined;
      } else if (name === 'rPh') phonetic -= 1;
      else if (name === 't') inText = false;
    },
    text: (text) => {
      if (inText && current !== undefined) current += text;
    },
  });
  return strings;
}

/** Built-in number formats that show dates or times, the CJK ones (27–36, 50–58) included (ECMA-376 18.8.30). */
const DATE_FORMAT_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/** Whether a custom format code shows a date or time: d, m, y, h or s outside quoted text, escapes and [brackets]. */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .split(';')[0] as string;
  return /[dmyhs]/i.test(bare.replace(/General/gi, ''));
}

/** For each cell style (cellXfs index), whether it shows a date. */
export function dateStyles(xml: string): boolean[] {
  const custom = new Map<number, boolean>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  parse(xml, {
    open: (tag) => {
      const name = local(tag.name);
      if (name === 'numFmt') custom.set(Number(tag.attributes['numFmtId']), isDateFormat(String(tag.attributes['formatCode'] ?? '')));
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(tag.attributes['numFmtId'] ?? 0);
        styles.push(custom.get(id) ?? DATE_FORMAT_IDS.has(id));
      }
    },
    close: (name) => {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return styles;
}

interface CellInProgress {
  column: number;
  type: string;
  style: number;
  value: string;
  inline: string;
}

/**
 * A worksheet's values, row by row from row 1 (index 0); formulas give their cached result, errors are blank.
 * Empty text is blank too: some programs store it as a cell (exceljs), others leave the cell out (LibreOffice),
 * and Google Sheets returns neither, so every adapter answers null.
 */
export function sheetGrid(xml: string, strings: readonly string[], dates: readonly boolean[]): Cell[][] {
  const grid: Cell[][] = [];
  let row: Cell[] | undefined;
  let rowNumber = 0;
  let column = 0;
  let cell: CellInProgress | undefined;
  let reading: 'v' | 't' | undefined;
  let phonetic = 0;
  parse(xml, {
    open: (tag) => {
      const name = local(tag.name);
      const attributes = tag.attributes;
      if (name === 'row') {
        rowNumber = attributes['r'] === undefined ? rowNumber + 1 : Number(attributes['r']);
        column = 0;
        row = [];
        grid[rowNumber - 1] = row;
      } else if (name === 'c') {
        const ref = /^([A-Z]+)/.exec(String(attributes['r'] ?? ''));
        column = ref ? letterToColumn(ref[1] as string) : column + 1;
        cell = { column, type: String(attributes['t'] ?? 'n'), style: Number(attributes['s'] ?? 0), value: '', inline: '' };
      } else if (name === 'v' && cell) reading = 'v';
      else if (name === 'rPh') phonetic += 1;
      else if (name === 't' && cell && phonetic === 0) reading = 't';
    },
    close: (name) => {
      if (name === 'c' && cell && row) {
        const value = cellValue(cell, strings, dates);
        if (value !== null) row[cell.column - 1] = value;
        cell = undefined;
      } else if (name === 'v' || name === 't') reading = undefined;
      else if (name === 'rPh') phonetic -= 1;
    },
    text: (text) => {
      if (!cell) return;
      if (reading === 'v') cell.value += text;
      else if (reading === 't') cell.inline += text;
    },
  });
  for (let r = 0; r < grid.length; r += 1) {
    const cells = grid[r] ?? [];
    for (let c = 0; c < cells.length; c += 1) cells[c] ??= null;
    grid[r] = cells;
  }
  return grid;
}

const blankIfEmpty = (text: string | undefined): Cell => (text === undefined || text === '' ? null : text);

function cellValue(cell: CellInProgress, strings: readonly string[], dates: readonly boolean[]): Cell {
  switch (cell.type) {
    case 's':
      return cell.value === '' ? null : blankIfEmpty(strings[Number(cell.value)]);
    case 'inlineStr':
      return blankIfEmpty(cell.inline);
    case 'str':
      return blankIfEmpty(cell.value);
    case 'b':
      return cell.value === '' ? null : cell.value === '1' || cell.value.toLowerCase() === 'true';
    case 'e':
      return null;
    case 'd':
      return cell.value === '' ? null : cell.value.replace(/T00:00:00(\.0+)?Z?$/, '').replace(/Z$/, '');
    default: {
      if (cell.value === '') return null;
      const number = Number(cell.value);
      if (!Number.isFinite(number)) return null;
      // Spreadsheet dates carry no zone: keep the wall time as text, as every adapter does.
      return dates[cell.style] ? wallClockText(serialToWallClock(number)) : number;
    }
  }
}

/** Every tab's values, by tab name. */
export async function readGrids(parts: WorkbookParts): Promise<Map<string, Cell[][]>> {
  const text = async (name: string) => {
    const entry = partEntry(parts, name);
    return entry ? partText(entry) : undefined;
  };
  const [stringsXml, stylesXml] = await Promise.all([text('xl/sharedStrings.xml'), text('xl/styles.xml')]);
  const strings = stringsXml === undefined ? [] : sharedStrings(stringsXml);
  const dates = stylesXml === undefined ? [] : dateStyles(stylesXml);
  const grids = new Map<string, Cell[][]>();
  for (const [name, part] of parts.sheetPaths) {
    const xml = await text(part);
    if (xml !== undefined) grids.set(name, sheetGrid(xml, strings, dates));
  }
  return grids;
}
