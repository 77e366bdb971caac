// An .xlsx file as its zip parts (zip.js): which part holds which tab, the function's save mark, and a new file that copies every untouched part as it is.
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { configure, Uint8ArrayReader, Uint8ArrayWriter, ZipReader, ZipWriter } from '@zip.js/zip.js';
import { SaxesParser } from 'saxes';

// Node has CompressionStream; worker threads would only add start-up cost for files this size.
configure({ useWebWorkers: false });

const inflate = promisify(zlib.inflateRaw);
const deflate = promisify(zlib.deflateRaw);
const DEFLATE = 8;
const STORE = 0;

/** One part of the zip as it is stored: its bytes still compressed, and what a copy needs to carry over. */
export interface Part {
  readonly name: string;
  readonly raw: Uint8Array;
  readonly compressionMethod: number;
  readonly crc32: number;
  readonly uncompressedSize: number;
  readonly lastModDate: Date;
}

/** The parts of a workbook file, each kept compressed as it was read. */
export interface WorkbookParts {
  readonly parts: readonly Part[];
  /** The worksheet part of each tab, e.g. Scores → xl/worksheets/sheet7.xml. */
  readonly sheetPaths: ReadonlyMap<string, string>;
  /** The save mark the function left in the file's custom properties (see `withSaveMark`), if any. */
  readonly saveMark: string | undefined;
}

export async function readParts(bytes: Uint8Array): Promise<WorkbookParts> {
  const entries = await new ZipReader(new Uint8ArrayReader(bytes)).getEntries();
  const parts: Part[] = [];
  for (const entry of entries) {
    if (entry.directory) continue;
    parts.push({
      name: entry.filename,
      raw: await entry.getData(new Uint8ArrayWriter(), { passThrough: true }),
      compressionMethod: entry.compressionMethod,
      crc32: entry.signature ?? 0,
      uncompressedSize: entry.uncompressedSize,
      lastModDate: entry.lastModDate,
    });
  }
  return withNames(parts);
}

async function withNames(parts: readonly Part[]): Promise<WorkbookParts> {
  const text = (name: string) => {
    const part = partNamed(parts, name);
    return part ? partText(part) : Promise.resolve(undefined);
  };
  const [workbook, rels, custom] = await Promise.all([
    text('xl/workbook.xml'),
    text('xl/_rels/workbook.xml.rels'),
    text('docProps/custom.xml'),
  ]);
  if (workbook === undefined || rels === undefined) throw new Error('not a spreadsheet: xl/workbook.xml or its relationships are missing');
  return { parts, sheetPaths: sheetPaths(workbook, rels), saveMark: custom === undefined ? undefined : readSaveMark(custom) };
}

function partNamed(parts: readonly Part[], name: string): Part | undefined {
  return parts.find((part) => part.name === name);
}

export function partEntry(parts: WorkbookParts, name: string): Part | undefined {
  return partNamed(parts.parts, name);
}

/** A part's text, inflated with Node's zlib (off the main thread). */
export async function partText(part: Part): Promise<string> {
  if (part.compressionMethod === STORE) return Buffer.from(part.raw).toString('utf8');
  if (part.compressionMethod !== DEFLATE)
    throw new Error(`part ${part.name} uses compression method ${part.compressionMethod}, which a spreadsheet does not`);
  return (await inflate(part.raw)).toString('utf8');
}

export const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
const unescape = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name] ?? '');

/** Tab name → worksheet part, from the workbook part and its relationships. */
function sheetPaths(workbook: string, rels: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const match of rels.matchAll(/<(?:[\w.-]+:)?Relationship\b[^>]*>/g)) {
    const id = attribute(match[0], 'Id');
    const target = attribute(match[0], 'Target');
    if (id !== undefined && target !== undefined) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const paths = new Map<string, string>();
  for (const match of workbook.matchAll(/<(?:[\w.-]+:)?sheet\b[^>]*>/g)) {
    const name = attribute(match[0], 'name');
    const id = /\s[\w.-]*:?id="([^"]*)"/.exec(match[0].replace(/\ssheetId="[^"]*"/, ''))?.[1];
    const target = id === undefined ? undefined : targets.get(id);
    if (name !== undefined && target !== undefined) paths.set(unescape(name), target.replace(/\/\.\//g, '/'));
  }
  return paths;
}

const SAVE_MARK = 'cm-training-save';
const CUSTOM_TYPE = 'application/vnd.openxmlformats-officedocument.custom-properties+xml';
const CUSTOM_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties';

function readSaveMark(custom: string): string | undefined {
  const property = new RegExp(`<(?:[\\w.-]+:)?property\\b[^>]*\\sname="${SAVE_MARK}"[^>]*>([\\s\\S]*?)</(?:[\\w.-]+:)?property>`).exec(
    custom,
  );
  const value = property ? /<(?:[\w.-]+:)?lpwstr>([^<]*)</.exec(property[1] ?? '')?.[1] : undefined;
  return value === undefined ? undefined : unescape(value);
}

/**
 * The custom document properties with the function's save mark set. Spreadsheet programs keep custom
 * properties when they save, so a copy staff edited still says which of the function's saves it started from.
 */
function customWithMark(custom: string | undefined, mark: string): string {
  const property = (pid: number) =>
    `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="${pid}" name="${SAVE_MARK}"><vt:lpwstr>${mark}</vt:lpwstr></property>`;
  if (custom === undefined || !/<\/(?:[\w.-]+:)?Properties>/.test(custom)) {
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" ' +
      `xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">${property(2)}</Properties>`
    );
  }
  const existing = new RegExp(`(<(?:[\\w.-]+:)?property\\b[^>]*\\sname="${SAVE_MARK}"[^>]*>)[\\s\\S]*?(</(?:[\\w.-]+:)?property>)`);
  if (existing.test(custom))
    return custom.replace(existing, (_, open: string, close: string) => `${open}<vt:lpwstr>${mark}</vt:lpwstr>${close}`);
  const pids = [...custom.matchAll(/\spid="(\d+)"/g)].map((match) => Number(match[1]));
  const pid = Math.max(1, ...pids) + 1;
  // A file whose properties use another prefix for the variant types still needs `vt` declared for ours.
  const declared = /xmlns:vt="/.test(custom);
  const ours = declared
    ? property(pid)
    : property(pid).replace('<property ', '<property xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes" ');
  return custom.replace(/(<\/(?:[\w.-]+:)?Properties>)/, `${ours}$1`);
}

/** The parts to change so the file carries `mark`: the custom properties, and where they are new, their type and relationship. */
export async function withSaveMark(parts: WorkbookParts, mark: string): Promise<Map<string, string>> {
  const changed = new Map<string, string>();
  const custom = partEntry(parts, 'docProps/custom.xml');
  changed.set('docProps/custom.xml', customWithMark(custom ? await partText(custom) : undefined, mark));
  if (custom) return changed;
  const types = partEntry(parts, '[Content_Types].xml');
  const rels = partEntry(parts, '_rels/.rels');
  if (!types || !rels) throw new Error('not a spreadsheet: [Content_Types].xml or _rels/.rels is missing');
  const typesText = await partText(types);
  if (!typesText.includes('/docProps/custom.xml')) {
    changed.set(
      '[Content_Types].xml',
      typesText.replace(/(<\/(?:[\w.-]+:)?Types>)/, `<Override PartName="/docProps/custom.xml" ContentType="${CUSTOM_TYPE}"/>$1`),
    );
  }
  const relsText = await partText(rels);
  if (!relsText.includes(CUSTOM_REL)) {
    const ids = [...relsText.matchAll(/\sId="rId(\d+)"/g)].map((match) => Number(match[1]));
    const id = `rId${Math.max(0, ...ids) + 1}`;
    changed.set(
      '_rels/.rels',
      relsText.replace(
        /(<\/(?:[\w.-]+:)?Relationships>)/,
        `<Relationship Id="${id}" Type="${CUSTOM_REL}" Target="docProps/custom.xml"/>$1`,
      ),
    );
  }
  return changed;
}

/** The target of a relationship, as a part name: relative to the folder of the part the relationships belong to. */
function relTarget(source: string, target: string): string {
  return target.startsWith('/') ? target.slice(1) : path.posix.normalize(path.posix.join(path.posix.dirname(source), target));
}

async function relTargets(parts: WorkbookParts, source: string, type: string): Promise<string[]> {
  const rels = partEntry(parts, `${path.posix.dirname(source)}/_rels/${path.posix.basename(source)}.rels`);
  if (!rels) return [];
  const targets: string[] = [];
  for (const match of (await partText(rels)).matchAll(/<(?:[\w.-]+:)?Relationship\b[^>]*>/g)) {
    const target = attribute(match[0], 'Target');
    if (attribute(match[0], 'Type')?.endsWith(`/${type}`) && target !== undefined && attribute(match[0], 'TargetMode') !== 'External')
      targets.push(relTarget(source, target));
  }
  return targets;
}

/** The part of the first picture drawn on a worksheet (its drawing's first image), e.g. xl/media/image1.png; undefined when it has none. */
export async function sheetImagePart(parts: WorkbookParts, sheetPath: string): Promise<string | undefined> {
  for (const drawing of await relTargets(parts, sheetPath, 'drawing')) {
    const image = (await relTargets(parts, drawing, 'image')).find((name) => partEntry(parts, name) !== undefined);
    if (image) return image;
  }
  return undefined;
}

/**
 * `parts` with the parts named in `changed` holding their new content: text deflated by Node's zlib (off the main
 * thread), bytes (an image, compressed already) stored as they are; parts new to the file come last. Nothing is
 * zipped yet: see `zipParts`.
 */
export async function changeParts(parts: WorkbookParts, changed: ReadonlyMap<string, string | Uint8Array>): Promise<WorkbookParts> {
  const compressed = new Map<string, Part>();
  await Promise.all(
    [...changed].map(async ([name, content]) => {
      const text = typeof content === 'string';
      const data = text ? Buffer.from(content, 'utf8') : content;
      const raw = text ? await deflate(data, { level: 6 }) : content;
      const old = partNamed(parts.parts, name);
      compressed.set(name, {
        name,
        raw,
        compressionMethod: text ? DEFLATE : STORE,
        crc32: zlib.crc32(data),
        uncompressedSize: data.length,
        lastModDate: old?.lastModDate ?? new Date(),
      });
    }),
  );
  const next = parts.parts.map((part) => compressed.get(part.name) ?? part);
  for (const [name, part] of compressed) if (!partNamed(parts.parts, name)) next.push(part);
  return withNames(next);
}

/** `parts` with some parts under new names (old name → new name), their bytes as they were. */
export function renameParts(parts: WorkbookParts, renamed: ReadonlyMap<string, string>): Promise<WorkbookParts> {
  return withNames(parts.parts.map((part) => ({ ...part, name: renamed.get(part.name) ?? part.name })));
}

/** The file of `parts`, every part copied still compressed. */
export async function zipParts(parts: WorkbookParts): Promise<Uint8Array> {
  const writer = new ZipWriter(new Uint8ArrayWriter(), { keepOrder: true });
  for (const part of parts.parts) {
    await writer.add(part.name, new Uint8ArrayReader(part.raw), {
      passThrough: true,
      compressionMethod: part.compressionMethod,
      uncompressedSize: part.uncompressedSize,
      crc32: part.crc32,
      lastModDate: part.lastModDate,
    });
  }
  return writer.close();
}

/**
 * A new file from `parts`: parts named in `changed` are written from their new content, every other part is copied
 * still compressed. Returns the file and its parts, so the next save starts from them without reading the file again.
 */
export async function writeParts(
  parts: WorkbookParts,
  changed: ReadonlyMap<string, string | Uint8Array>,
): Promise<{ bytes: Uint8Array; parts: WorkbookParts }> {
  for (const [name, content] of changed) if (typeof content === 'string') checkWellFormed(name, content);
  const next = await changeParts(parts, changed);
  return { bytes: await zipParts(next), parts: next };
}

/**
 * Throws unless `text` is well-formed XML 1.0 (characters included): a part Excel or LibreOffice would refuse,
 * or read as blanks from the bad character on, never replaces a good file.
 */
export function checkWellFormed(name: string, text: string): void {
  const parser = new SaxesParser({ xmlns: false, position: true });
  let failure: Error | undefined;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.write(text).close();
  if (failure) throw new Error(`the new ${name} would not be well-formed XML (${failure.message}); the file was left as it was`);
}
