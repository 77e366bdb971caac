// A worksheet part taken apart and put back: appended rows, replaced data rows, everything else byte for byte.
import { describe, expect, it } from 'vitest';
import { cellXml, escapeXml, SheetXml } from '../../../../functions/src/adapters/store/xlsx/sheet-xml.js';
import { sheetGrid } from '../../../../functions/src/adapters/store/xlsx/workbook-values.js';

const part = (rows: string, extra = '') =>
  `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
  `<dimension ref="A1:C2"/><cols><col min="1" max="2" width="12" style="3"/></cols><sheetData>${rows}</sheetData>${extra}</worksheet>`;

describe('cellXml', () => {
  it.each([
    ['text, as an inline string', 'A2', '张三', undefined, '<c r="A2" t="inlineStr"><is><t xml:space="preserve">张三</t></is></c>'],
    [
      'text that looks like a formula, still text',
      'B2',
      '=1+1',
      4,
      '<c r="B2" s="4" t="inlineStr"><is><t xml:space="preserve">=1+1</t></is></c>',
    ],
    [
      'reserved characters escaped',
      'A1',
      'a<b>&"c"',
      undefined,
      '<c r="A1" t="inlineStr"><is><t xml:space="preserve">a&lt;b&gt;&amp;&quot;c&quot;</t></is></c>',
    ],
    [
      'unstorable characters removed',
      'A1',
      'x\u0001y\uFFFF',
      undefined,
      '<c r="A1" t="inlineStr"><is><t xml:space="preserve">xy</t></is></c>',
    ],
    [
      'a carriage return as a character reference, tab and line feed as they are',
      'A1',
      'a\r\nb\tc\rd',
      undefined,
      '<c r="A1" t="inlineStr"><is><t xml:space="preserve">a&#13;\nb\tc&#13;d</t></is></c>',
    ],
    ['a number', 'C3', 85.5, undefined, '<c r="C3"><v>85.5</v></c>'],
    ['a boolean', 'C3', true, undefined, '<c r="C3" t="b"><v>1</v></c>'],
    ['a blank, left out', 'C3', null, 2, ''],
    ['a number that is not finite, left out', 'C3', Number.NaN, undefined, ''],
  ])('%s', (_name, ref, cell, style, xml) => {
    expect(cellXml('', ref, cell, style)).toBe(xml);
  });

  it('writes text an XML parser reads back as it was, line breaks and all', () => {
    const text = 'a\r\nb\rc\nd\te <&> "f" 好😀';
    const xml = `<worksheet><sheetData><row r="1">${cellXml('', 'A1', text, undefined)}</row></sheetData></worksheet>`;
    expect(sheetGrid(xml, [], [])).toEqual([[text]]);
  });

  it('escapes nothing else', () => {
    expect(escapeXml("it's 100% 好")).toBe("it's 100% 好");
  });
});

describe('SheetXml', () => {
  const header = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>';

  it('appends after the last row with a value, taking the number of a formatting-only row, with the column style', () => {
    const xml = new SheetXml(
      part(`${header}<row r="2"><c r="A2"><v>1</v></c></row><row r="3" s="5" customFormat="1"/>`, '<autoFilter ref="A1:C1"/>'),
    );
    expect(xml.lastValueRow()).toBe(2);
    xml.appendRows(3, [['new', 7, null]]);
    const out = xml.toString(3);
    expect(out).toContain(
      '<row r="2"><c r="A2"><v>1</v></c></row><row r="3"><c r="A3" s="3" t="inlineStr"><is><t xml:space="preserve">new</t></is></c><c r="B3" s="3"><v>7</v></c></row></sheetData><autoFilter ref="A1:C1"/>',
    );
    expect(out).toContain('<dimension ref="A1:C3"/>');
  });

  it('replaces the data rows and keeps the header row as it was', () => {
    const xml = new SheetXml(part(`${header}<row r="2"><c r="A2"><v>1</v></c></row><row r="3"><c r="A3"><v>2</v></c></row>`));
    xml.replaceDataRows([[9]]);
    expect(xml.toString(1)).toContain(`<sheetData>${header}<row r="2"><c r="A2" s="3"><v>9</v></c></row></sheetData>`);
  });

  it('reads a part whose rows carry no numbers, and one with an empty, self-closing sheetData', () => {
    const implicit = new SheetXml(part('<row><c><v>1</v></c></row><row><c><v>2</v></c></row>'));
    expect(implicit.lastValueRow()).toBe(2);
    const empty = new SheetXml(part('').replace('<sheetData></sheetData>', '<sheetData/>'));
    empty.appendRows(2, [['x']]);
    expect(empty.toString(1)).toContain('<sheetData><row r="2">');
  });

  it('writes rows in the prefix the part uses for the SpreadsheetML namespace', () => {
    const prefixed = new SheetXml(
      '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>',
    );
    expect(prefixed.prefix).toBe('x:');
    prefixed.appendRows(2, [['y']]);
    expect(prefixed.toString(1)).toContain(
      '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t xml:space="preserve">y</x:t></x:is></x:c></x:row></x:sheetData>',
    );
  });
});
