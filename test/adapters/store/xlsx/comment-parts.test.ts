// Header notes moved to Excel's part names: openpyxl's layout relaid so exceljs can open it, Excel's own layout left alone.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withExcelCommentLayout } from '../../../../functions/src/adapters/store/xlsx/comment-parts.js';
import { partEntry, partText, readParts, type WorkbookParts } from '../../../../functions/src/adapters/store/xlsx/workbook-file.js';

const FIXTURES = path.join(import.meta.dirname, '../../../fixtures/other-programs');
const partsOf = async (fixture: string) => readParts(await fs.readFile(path.join(FIXTURES, fixture)));
const names = (parts: WorkbookParts) => parts.parts.map((part) => part.name);
const text = async (parts: WorkbookParts, name: string) => {
  const part = partEntry(parts, name);
  return part ? partText(part) : '';
};

describe('withExcelCommentLayout', () => {
  it.each(['provisioned.xlsx', 'libreoffice.xlsx', 'openpyxl-without-notes.xlsx'])('leaves %s as it is', async (fixture) => {
    const parts = await partsOf(fixture);
    expect(await withExcelCommentLayout(parts)).toBe(parts);
  });

  describe('on a workbook openpyxl saved with its header notes', () => {
    it('moves comments and their shapes to xl/commentsN.xml and xl/drawings/vmlDrawingN.vml', async () => {
      const before = await partsOf('openpyxl-with-notes.xlsx');
      const after = await withExcelCommentLayout(before);
      const notesBefore = names(before).filter((name) => /^xl\/comments\//.test(name));
      expect(notesBefore.length).toBeGreaterThan(0);
      expect(names(after).filter((name) => /comment/i.test(name))).toEqual(
        expect.arrayContaining(notesBefore.map((_, i) => `xl/comments${i + 1}.xml`)),
      );
      expect(names(after).some((name) => /^xl\/comments\/|commentsDrawing/.test(name))).toBe(false);
      expect(after.parts.length).toBe(before.parts.length);
      // The notes themselves travel untouched.
      expect(partEntry(after, 'xl/comments1.xml')?.raw).toBe(partEntry(before, 'xl/comments/comment1.xml')?.raw);
    });

    it('points every worksheet at the new names, relative as Excel writes them, and types them', async () => {
      const after = await withExcelCommentLayout(await partsOf('openpyxl-with-notes.xlsx'));
      const scores = after.sheetPaths.get('Scores') as string;
      const rels = await text(after, scores.replace('worksheets/', 'worksheets/_rels/') + '.rels');
      expect(rels).toMatch(/Target="\.\.\/comments\d+\.xml"/);
      expect(rels).toMatch(/Target="\.\.\/drawings\/vmlDrawing\d+\.vml"/);
      const types = await text(after, '[Content_Types].xml');
      expect(types).toContain('PartName="/xl/comments1.xml"');
      expect(types).not.toContain('/xl/comments/');
    });
  });
});
