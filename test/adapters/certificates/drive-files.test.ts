// Certificates in a Drive folder through the real Drive client against the strict files fake: uploaded once, read back, refused like Drive.
import { drive } from '@googleapis/drive';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DriveCertificateFiles, driveCertificateFiles } from '../../../functions/src/adapters/certificates/drive-files.js';
import { DriveFilesFake } from '../../fakes/drive-files-fake.js';
import { HttpFake } from '../../fakes/http-fake.js';

const FOLDER = 'folder-certificates-0001';
const PDF = Buffer.from('%PDF-1.3\n% a certificate\n%%EOF\n');
let http: HttpFake;
let fake: DriveFilesFake;

beforeEach(async () => {
  fake = new DriveFilesFake([FOLDER]);
  http = await new HttpFake(fake.routes()).start();
});

afterEach(() => http.close());

describe('a Drive folder of certificates', () => {
  it('takes a PDF in one multipart upload, finds it again instead of uploading twice, and gives the bytes back', async () => {
    const files = await driveCertificateFiles({ googleApiRootUrl: http.url }, FOLDER);
    const where = await files.put('CMT-2026-000001-ABCDEFGHJK', PDF);
    expect(where).toMatch(/^https:\/\/drive\.google\.com\/file\/d\/drive-file-000001\/view$/);
    expect(await files.put('CMT-2026-000001-ABCDEFGHJK', PDF)).toBe(where);
    expect(fake.uploads).toEqual([`${FOLDER}/CMT-2026-000001-ABCDEFGHJK.pdf`]);
    const stored = [...fake.files.values()][0];
    expect(stored).toMatchObject({ mimeType: 'application/pdf', appProperties: { serial: 'CMT-2026-000001-ABCDEFGHJK' } });
    expect(stored?.content.equals(PDF)).toBe(true);
    expect((await files.get('CMT-2026-000001-ABCDEFGHJK'))?.equals(PDF)).toBe(true);
    expect(await files.get('CMT-2026-000002-ABCDEFGHJK')).toBeUndefined();
  });

  it('is refused when the folder is not there (not shared with the account), as Drive refuses it', async () => {
    const files = await driveCertificateFiles({ googleApiRootUrl: http.url }, 'folder-nobody-shared');
    await expect(files.put('CMT-2026-000001-ABCDEFGHJK', PDF)).rejects.toMatchObject({ status: 404 });
    expect(fake.uploads).toEqual([]);
  });

  it('never names a file after something that is not a serial', async () => {
    const files = new DriveCertificateFiles(drive({ version: 'v3', rootUrl: http.url }), FOLDER, http.url);
    await expect(files.put("x' or name contains '", PDF)).rejects.toThrow('not a certificate serial');
  });
});

describe('the Drive files fake', () => {
  const client = () => drive({ version: 'v3', rootUrl: http.url, retry: false });
  const status = (call: Promise<unknown>) =>
    call.then(
      () => 200,
      (error: { status?: number }) => error.status,
    );

  it('refuses what Drive refuses: an upload not multipart, two parents, an unknown folder, a query it does not understand', async () => {
    const api = client();
    const media = { mimeType: 'application/pdf', body: PDF.toString('latin1') };
    const at = { rootUrl: http.url };
    // The client always sends multipart with metadata and media; a simple media upload (no metadata, so no folder) is refused.
    const simple = await fetch(`${http.url}/upload/drive/v3/files?uploadType=media`, { method: 'POST', body: PDF });
    expect(simple.status).toBe(400);
    expect(
      await status(api.files.create({ uploadType: 'multipart', requestBody: { name: 'a.pdf', parents: [FOLDER, FOLDER] }, media }, at)),
    ).toBe(403);
    expect(
      await status(api.files.create({ uploadType: 'multipart', requestBody: { name: 'a.pdf', parents: ['nope-000000'] }, media }, at)),
    ).toBe(404);
    expect(await status(api.files.list({ q: "name contains 'a'" }))).toBe(400);
    expect(await status(api.files.get({ fileId: 'missing', alt: 'media' }))).toBe(404);
    expect(fake.uploads).toEqual([]);
  });
});
