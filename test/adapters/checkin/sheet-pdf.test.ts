// The printed check-in sheet: one A4 page per session, and the QR code on the rendered page decodes back to the session's link.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import jsQRImport from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySheetStore } from '../../../functions/src/adapters/store/memory-store.js';
import { localLink } from '../../../functions/src/core/checkin/links.js';
import { verifyCheckin } from '../../../functions/src/core/checkin/token.js';
import { writeCheckinSheet, type SheetResult } from '../../../functions/src/jobs/checkin-sheet.js';
import { COURSES } from '../../fixtures/world.js';
import { CHECKIN_SECRET, SESSIONS } from '../../fixtures/checkin-world.js';
import { popplerMissing } from '../../fixtures/poppler.js';

// jsQR is CommonJS (module.exports = jsQR) with types that declare an ES default export: imported from ESM, the default is the function.
const jsQR = jsQRImport as unknown as (typeof jsQRImport)['default'];
const run = promisify(execFile);
const BASE = 'http://192.168.1.20:18193';
let dir: string;
let result: SheetResult;

async function store(): Promise<MemorySheetStore> {
  const memory = new MemorySheetStore();
  await memory.append('Plan', COURSES);
  await memory.append('Sessions', SESSIONS);
  return memory;
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'checkin-sheet-'));
  result = await writeCheckinSheet(await store(), 'c-pro-corp', () => localLink(BASE, CHECKIN_SECRET), dir);
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** The QR code of a page as printed: the PDF page rendered by poppler, decoded by jsQR. */
async function decodePage(file: string, page: number): Promise<string | undefined> {
  const prefix = path.join(dir, `page-${page}`);
  await run('pdftoppm', ['-png', '-r', '110', '-f', String(page), '-l', String(page), '-singlefile', file, prefix]);
  const png = PNG.sync.read(await fs.readFile(`${prefix}.png`));
  return jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)?.data;
}

describe('the check-in sheet of a course with two scheduled sessions', () => {
  it('is written as checkin-<course>.pdf, one page per session, small', async (context) => {
    if (popplerMissing) context.skip(popplerMissing);
    expect(path.basename(result.file)).toBe('checkin-C-PRO-CORP.pdf');
    const { stdout } = await run('pdfinfo', [result.file]);
    expect(stdout).toMatch(/Pages:\s+2/);
    expect(stdout).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(result.bytes).toBeLessThan(200 * 1024);
    // The plan counts 8 sessions; 3 and 4 are scheduled.
    expect(result.sheet.unscheduled).toEqual([1, 2, 5, 6, 7, 8]);
  });

  it('prints the course title, session, time and window in Chinese, with the font embedded', async (context) => {
    if (popplerMissing) context.skip(popplerMissing);
    const { stdout } = await run('pdftotext', ['-f', '1', '-l', '1', result.file, '-']);
    for (const text of [
      '扫码签到',
      '对公业务营销技巧与案例',
      '第 3 次课',
      '2026-06-15 09:00–12:00',
      '签到有效时间：2026-06-15 08:30 至 12:30',
    ])
      expect(stdout.replace(/\s+/g, ' ')).toContain(text);
    const fonts = (await run('pdffonts', [result.file])).stdout;
    expect(fonts).toMatch(/NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes/);
  });

  it.for([
    { page: 1, session: '3' },
    { page: 2, session: '4' },
  ])('page $page decodes back to the signed link of session $session', async ({ page, session }, context) => {
    if (popplerMissing) context.skip(popplerMissing);
    const decoded = await decodePage(result.file, page);
    expect(decoded).toBe(result.sheet.entries[page - 1]?.link);
    const url = new URL(decoded ?? '');
    expect(`${url.origin}${url.pathname}`).toBe(`${BASE}/checkin`);
    expect(url.searchParams.get('session')).toBe(session);
    const during = page === 1 ? Date.parse('2026-06-15T10:00:00+08:00') : Date.parse('2026-06-16T15:00:00+08:00');
    expect(verifyCheckin(Object.fromEntries(url.searchParams), CHECKIN_SECRET, during)).toMatchObject({ ok: true });
  });

  it('is the same bytes when made again from the same schedule', async () => {
    const again = await writeCheckinSheet(await store(), 'C-PRO-CORP', () => localLink(BASE, CHECKIN_SECRET), path.join(dir, 'again'));
    expect(await fs.readFile(again.file)).toEqual(await fs.readFile(result.file));
  });

  it.each([
    { name: 'a course not in the plan', course: 'C-NONE', says: /not in the Plan tab/ },
    { name: 'a course with no scheduled session', course: 'C-ASSIST-01', says: /schedules no session of C-ASSIST-01/ },
  ])('is refused for $name', async ({ course, says }) => {
    await expect(writeCheckinSheet(await store(), course, () => localLink(BASE, CHECKIN_SECRET), dir)).rejects.toThrow(says);
  });
});
