// Cell values as the workbook's parts hold them: shared and inline strings, rich text, dates by their format, formulas' results.
import { describe, expect, it } from 'vitest';
import { dateStyles, isDateFormat, sharedStrings, sheetGrid } from '../../../../functions/src/adapters/store/xlsx/workbook-values.js';

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

describe('sharedStrings', () => {
  it('reads plain and rich strings, leaving out phonetic guides', () => {
    const xml = `<sst ${NS}><si><t>张三</t></si><si><r><t>多</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 段</t></r><rPh><t>ruby</t></rPh></si><si><t/></si></sst>`;
    expect(sharedStrings(xml)).toEqual(['张三', '多 段', '']);
  });
});

describe('isDateFormat', () => {
  it.each([
    ['yyyy-mm-dd', true],
    ['yyyy"年"m"月"d"日"', true],
    ['[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy', true],
    ['h:mm:ss', true],
    ['0.0%', false],
    ['#,##0.00', false],
    ['"days"0', false],
    ['[Red]0.00', false],
    ['General', false],
  ])('%s → %s', (code, date) => {
    expect(isDateFormat(code)).toBe(date);
  });
});

describe('sheetGrid', () => {
  const styles = dateStyles(
    `<styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>` +
      `<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="22"/></cellXfs></styleSheet>`,
  );
  const strings = ['课程', 'C-1'];

  it('gives each cell its value by type and style', () => {
    const xml =
      `<worksheet ${NS}><sheetData>` +
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>行内</t></is></c></row>' +
      '<row r="3"><c r="A3" s="1"><v>46188</v></c><c r="B3" s="2"><v>0.85</v></c><c r="C3" s="3"><v>46188.5</v></c>' +
      '<c r="D3" t="b"><v>1</v></c><c r="E3" t="e"><v>#DIV/0!</v></c><c r="F3" t="str"><f>A1</f><v>课程</v></c><c r="G3"><f>1+1</f></c></row>' +
      '</sheetData></worksheet>';
    expect(sheetGrid(xml, strings, styles)).toEqual([
      ['课程', null, '行内'],
      [],
      ['2026-06-15', 0.85, '2026-06-15T12:00:00', true, null, '课程'],
    ]);
  });

  it.each([
    ['a shared empty string (exceljs writes these)', '<c r="A1" t="s"><v>2</v></c>'],
    ['an empty inline string', '<c r="A1" t="inlineStr"><is><t/></is></c>'],
    ['a formula whose text result is empty', '<c r="A1" t="str"><f>""</f><v></v></c>'],
  ])('reads %s as blank, as a program that leaves the cell out would have it', (_, cell) => {
    const xml = `<worksheet ${NS}><sheetData><row r="1">${cell}<c r="B1"><v>1</v></c></row></sheetData></worksheet>`;
    expect(sheetGrid(xml, [...strings, ''], styles)).toEqual([[null, 1]]);
  });

  it('refuses a part that is not well-formed XML', () => {
    expect(() => sheetGrid('<worksheet><sheetData><row></sheetData>', [], [])).toThrow();
  });
});
