// Header notes (cell comments) moved to the part names Excel gives them, so exceljs can open the file: openpyxl's layout is valid but exceljs cannot read it.
import { posix } from 'node:path';
import { attribute, changeParts, partEntry, partText, renameParts, type WorkbookParts } from './workbook-file.js';

const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/**
 * What exceljs 4.4 finds: it looks comments up only as xl/commentsN.xml and their shapes only as
 * xl/drawings/vmlDrawingN.vml, by the exact relative target (exceljs/exceljs#2797, open). openpyxl writes
 * xl/comments/commentN.xml and xl/drawings/commentsDrawingN.vml with absolute targets, and exceljs then fails with
 * "Cannot read properties of undefined (reading 'comments')".
 */
const LAYOUT = {
  [`${RELATIONSHIPS}/comments`]: { target: /^\.\.\/comments\d+\.xml$/, part: (n: number) => `xl/comments${n}.xml` },
  [`${RELATIONSHIPS}/vmlDrawing`]: {
    target: /^\.\.\/drawings\/vmlDrawing\d+\.vml$/,
    part: (n: number) => `xl/drawings/vmlDrawing${n}.vml`,
  },
} as const;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A relationship target as a part name: absolute targets start at the package root, others at the source's folder. */
const resolveTarget = (folder: string, target: string) =>
  target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(folder, target));

/** The relationships part of a part: xl/worksheets/sheet1.xml → xl/worksheets/_rels/sheet1.xml.rels. */
const relsOf = (part: string) => posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);

/**
 * `parts` with every worksheet's comments and their shapes under Excel's part names. The same package to
 * Excel, LibreOffice, WPS and openpyxl; only the names and the references to them change, never the notes.
 */
export async function withExcelCommentLayout(parts: WorkbookParts): Promise<WorkbookParts> {
  const taken = new Set(parts.parts.map((part) => part.name));
  const fresh = (name: (n: number) => string) => {
    let n = 1;
    while (taken.has(name(n))) n += 1;
    taken.add(name(n));
    return name(n);
  };
  const renamed = new Map<string, string>();
  const changed = new Map<string, string>();
  for (const sheet of parts.sheetPaths.values()) {
    const rels = partEntry(parts, relsOf(sheet));
    if (!rels) continue;
    const text = await partText(rels);
    let next = text;
    for (const [tag] of text.matchAll(/<(?:[\w.-]+:)?Relationship\b[^>]*>/g)) {
      const layout = LAYOUT[attribute(tag, 'Type') as keyof typeof LAYOUT] as (typeof LAYOUT)[keyof typeof LAYOUT] | undefined;
      const target = attribute(tag, 'Target');
      if (!layout || target === undefined || layout.target.test(target) || attribute(tag, 'TargetMode') === 'External') continue;
      const from = resolveTarget(posix.dirname(sheet), target);
      if (!partEntry(parts, from)) continue;
      const to = renamed.get(from) ?? fresh(layout.part);
      renamed.set(from, to);
      next = next.replace(tag, tag.replace(/(\sTarget=")[^"]*(")/, `$1${posix.relative(posix.dirname(sheet), to)}$2`));
    }
    if (next !== text) changed.set(rels.name, next);
  }
  if (renamed.size === 0) return parts;
  // A drawing's own relationships (pictures in a note) move with it.
  for (const [from, to] of [...renamed]) if (partEntry(parts, relsOf(from))) renamed.set(relsOf(from), relsOf(to));
  const types = partEntry(parts, '[Content_Types].xml');
  if (types) {
    let text = await partText(types);
    for (const [from, to] of renamed) text = text.replace(new RegExp(`(\\sPartName=")/${escapeRegExp(from)}(")`, 'g'), `$1/${to}$2`);
    changed.set(types.name, text);
  }
  return changeParts(await renameParts(parts, renamed), changed);
}
