// A new part is checked before it replaces the file: text the XML format cannot hold never reaches the workbook.
import { describe, expect, it } from 'vitest';
import { checkWellFormed, writeParts } from '../../../../functions/src/adapters/store/xlsx/workbook-file.js';

const sheet = (text: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
  `<row r="1"><c r="A1" t="inlineStr"><is><t>${text}</t></is></c></row></sheetData></worksheet>`;

describe('checkWellFormed', () => {
  it.each([
    ['Chinese text and escaped reserved characters', sheet('张三 &amp; &lt;李四&gt;'), true],
    ['tab, line feed and carriage return (allowed in XML 1.0)', sheet('a\tb\nc\rd'), true],
    ['U+FFFF', sheet('a\uFFFFb'), false],
    ['U+FFFE', sheet('a\uFFFEb'), false],
    ['U+0001', sheet('a\u0001b'), false],
    ['U+001F', sheet('a\u001Fb'), false],
    ['an unescaped ampersand', sheet('a & b'), false],
    ['a tag left open', sheet('<b>open'), false],
  ])('%s: well-formed is %s', (_name, text, ok) => {
    if (ok) expect(() => checkWellFormed('xl/worksheets/sheet1.xml', text)).not.toThrow();
    else
      expect(() => checkWellFormed('xl/worksheets/sheet1.xml', text)).toThrow(/xl\/worksheets\/sheet1\.xml would not be well-formed XML/);
  });

  it('stops writeParts before any file is made', async () => {
    const parts = { parts: [], sheetPaths: new Map(), saveMark: undefined };
    await expect(writeParts(parts, new Map([['xl/worksheets/sheet1.xml', sheet('\uFFFF')]]))).rejects.toThrow(/left as it was/);
  });
});
