// The certificates' Drive folder through the real Drive client against the files and permissions fakes: made once in a shared drive, shared, found again.
import { afterEach, describe, expect, it } from 'vitest';
import { driveCertificateFiles } from '../../../functions/src/adapters/certificates/drive-files.js';
import { fixedClock } from '../../../functions/src/adapters/system-clock.js';
import { loadConfig } from '../../../functions/src/config.js';
import { StoreError } from '../../../functions/src/ports.js';
import {
  CERTIFICATES_FOLDER_NAME,
  FOLDER_MIME_TYPE,
  ensureCertificatesFolder,
} from '../../../functions/src/provision/google/certificates-folder.js';
import { runGoogleProvision } from '../../../functions/src/provision/google/provision-command.js';
import { provisioningApis } from '../../../functions/src/provision/google/provision-google.js';
import { DriveFilesFake } from '../../fakes/drive-files-fake.js';
import { DrivePermissionsFake } from '../../fakes/drive-permissions-fake.js';
import { FormsFake } from '../../fakes/forms-fake.js';
import { HttpFake } from '../../fakes/http-fake.js';
import { SheetsFake } from '../../fakes/sheets-fake.js';

const SHARED_DRIVE = '0AbcSharedDrive_Training';
const MY_DRIVE_FOLDER = 'folder-in-my-drive-0001';
const SA = 'training-fn@bank-training.iam.gserviceaccount.com';
const NO_RETRY = { tries: 1, firstDelayMs: 1, maxDelayMs: 1, timeoutMs: 5000 };

let running: HttpFake | undefined;

async function startFakes() {
  const files = new DriveFilesFake([MY_DRIVE_FOLDER], [SHARED_DRIVE]);
  const sheets = new SheetsFake();
  const forms: FormsFake = new FormsFake({ canRespond: (formId, email) => permissions.canRespond(formId, email) });
  const permissions: DrivePermissionsFake = new DrivePermissionsFake(
    (id) => files.has(id) || sheets.spreadsheets.has(id) || forms.forms.has(id),
  );
  const http = await new HttpFake([...files.routes(), ...permissions.routes(), ...sheets.routes(), ...forms.routes()]).start();
  running = http;
  return { http, files, permissions, drive: provisioningApis(http.url, NO_RETRY).drive };
}

afterEach(async () => {
  await running?.close();
  running = undefined;
});

const folderCreates = (http: HttpFake) => http.calls.filter((call) => call.method === 'POST' && call.path === '/drive/v3/files');

describe('the certificates folder, with a shared drive', () => {
  it('is created once in the shared drive, the functions’ account its writer, and found again by name on a rerun', async () => {
    const { http, files, permissions, drive } = await startFakes();
    const first = await ensureCertificatesFolder(drive, { sharedDriveId: SHARED_DRIVE, serviceAccount: SA });
    expect(first).toMatchObject({ created: true, sharedDriveId: SHARED_DRIVE, sharedWith: SA });
    const stored = files.files.get(first?.folderId ?? '');
    expect(stored).toMatchObject({
      name: CERTIFICATES_FOLDER_NAME,
      mimeType: FOLDER_MIME_TYPE,
      parents: [SHARED_DRIVE],
      driveId: SHARED_DRIVE,
    });
    expect(permissions.permissions).toEqual([
      {
        fileId: first?.folderId,
        permission: expect.objectContaining({ type: 'user', role: 'writer', emailAddress: SA }) as unknown,
        sendNotificationEmail: false,
      },
    ]);

    const again = await ensureCertificatesFolder(drive, { sharedDriveId: SHARED_DRIVE, serviceAccount: SA });
    expect(again).toMatchObject({ folderId: first?.folderId, created: false });
    const withoutFlag = await ensureCertificatesFolder(drive, {});
    expect(withoutFlag).toMatchObject({ folderId: first?.folderId, created: false, sharedDriveId: SHARED_DRIVE });
    expect(folderCreates(http)).toHaveLength(1);
    expect(permissions.permissions).toHaveLength(1);
  });

  it('takes the functions’ certificate uploads (the adapter’s own multipart upload, into the shared drive)', async () => {
    const { http, files, drive } = await startFakes();
    const folder = await ensureCertificatesFolder(drive, { sharedDriveId: SHARED_DRIVE });
    const certificates = await driveCertificateFiles({ googleApiRootUrl: http.url }, folder?.folderId ?? '');
    await certificates.put('CMT-2026-000001-ABCDEFGHJK', Buffer.from('%PDF-1.3\n%%EOF\n'));
    expect(files.uploads).toEqual([`${folder?.folderId ?? ''}/CMT-2026-000001-ABCDEFGHJK.pdf`]);
    expect(loadConfig({ CERTIFICATES_DRIVE_FOLDER_ID: folder?.folderId }).certificates.driveFolderId).toBe(folder?.folderId);
  });
});

describe('the certificates folder, configured or absent', () => {
  it('with CERTIFICATES_DRIVE_FOLDER_ID, checks that folder and shares it, creating nothing', async () => {
    const { http, drive } = await startFakes();
    const made = await ensureCertificatesFolder(drive, { sharedDriveId: SHARED_DRIVE });
    const configured = await ensureCertificatesFolder(drive, { folderId: made?.folderId ?? '', serviceAccount: SA });
    expect(configured).toMatchObject({ folderId: made?.folderId, created: false, sharedWith: SA, sharedDriveId: SHARED_DRIVE });
    expect(folderCreates(http)).toHaveLength(1);
  });

  it('refuses an unknown id as CERTIFICATES_DRIVE_FOLDER_ID, saying what to do', async () => {
    const { drive } = await startFakes();
    const error = await ensureCertificatesFolder(drive, { folderId: 'no-such-folder-0001' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(/Could not read the certificates folder no-such-folder-0001.*does not exist/);
  });

  it('refuses a file that is no folder as CERTIFICATES_DRIVE_FOLDER_ID', async () => {
    const { http, files, drive } = await startFakes();
    const folder = await ensureCertificatesFolder(drive, { sharedDriveId: SHARED_DRIVE });
    await (
      await driveCertificateFiles({ googleApiRootUrl: http.url }, folder?.folderId ?? '')
    ).put('CMT-2026-000002-ABCDEFGHJK', Buffer.from('%PDF'));
    const pdf = [...files.files.values()].find((file) => file.mimeType === 'application/pdf');
    const error = await ensureCertificatesFolder(drive, { folderId: pdf?.id ?? '' }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/is not a folder \(application\/pdf\); unset it/);
  });

  it('without a shared drive and none found, makes none: a My Drive folder could not take the service account’s uploads', async () => {
    const { http, drive } = await startFakes();
    expect(await ensureCertificatesFolder(drive, { serviceAccount: SA })).toBeUndefined();
    expect(http.calls.filter((call) => call.method !== 'GET')).toEqual([]);
  });
});

describe('provision --google and the certificates folder', () => {
  const run = async (http: HttpFake, env: Record<string, string>, certificatesDrive?: string) => {
    const printed: string[] = [];
    const config = loadConfig({ GOOGLE_API_ROOT_URL: http.url, ...env });
    await runGoogleProvision(
      config,
      { serviceAccount: SA, ...(certificatesDrive === undefined ? {} : { certificatesDrive }) },
      fixedClock('2026-06-15T10:00:00+08:00'),
      (text) => printed.push(text),
    );
    return printed.join('\n');
  };

  it('prints the folder id as deploy.sh takes it, and the same id on a rerun', async () => {
    const { http } = await startFakes();
    const text = await run(http, {}, SHARED_DRIVE);
    const id = /CERTIFICATES_DRIVE_FOLDER_ID=(\S+)/.exec(text)?.[1];
    expect(id).toMatch(/^[\w-]{10,}$/);
    expect(text).toContain(`Certificates: created the folder ${id ?? ''} in shared drive ${SHARED_DRIVE}:`);
    expect(text).toContain(`${SA} may add files to it (writer).`);
    expect(text).toContain('with CERTIFICATE_SECRET, made once with `openssl rand -base64 48` and kept');
    const spreadsheetId = /SPREADSHEET_ID=(\S+)/.exec(text)?.[1] ?? '';
    const rerun = await run(http, { SPREADSHEET_ID: spreadsheetId, CERTIFICATES_DRIVE_FOLDER_ID: id ?? '' });
    expect(rerun).toContain(`Certificates: the folder ${id ?? ''} in shared drive ${SHARED_DRIVE}:`);
    expect(folderCreates(http)).toHaveLength(1);
  });

  it('without --certificates-drive, says why the folder needs a shared drive', async () => {
    const { http } = await startFakes();
    const text = await run(http, {});
    expect(text).toContain('Certificates: no Drive folder yet.');
    expect(text).toContain('run this again with --certificates-drive <shared drive id>');
    expect(folderCreates(http)).toEqual([]);
  });

  it('warns when the configured folder is in a My Drive', async () => {
    const { http } = await startFakes();
    const text = await run(http, { CERTIFICATES_DRIVE_FOLDER_ID: MY_DRIVE_FOLDER });
    expect(text).toContain('It is in a My Drive, where Drive refuses the service account');
  });
});

describe('the Drive files fake refuses what Drive refuses', () => {
  it.each([
    ['a parent that does not exist', { parents: ['no-such-parent'] }, { supportsAllDrives: true }, 404, 'File not found: no-such-parent.'],
    ['a shared drive without supportsAllDrives', { parents: [SHARED_DRIVE] }, {}, 404, `File not found: ${SHARED_DRIVE}.`],
    ['two parents', { parents: [SHARED_DRIVE, MY_DRIVE_FOLDER] }, { supportsAllDrives: true }, 403, 'exactly one parent'],
  ])('a folder created under %s', async (_name, body, query, status, message) => {
    const { drive } = await startFakes();
    const error = await drive.files
      .create({ ...query, requestBody: { name: 'x', mimeType: FOLDER_MIME_TYPE, ...body } })
      .catch((e: unknown) => e as { status?: number; message?: string });
    expect(error).toMatchObject({ status });
    expect((error as Error).message).toContain(message);
  });

  it('a file put into something that is not a folder (made without the folder mime type)', async () => {
    const { drive } = await startFakes();
    const notAFolder = await drive.files.create({
      supportsAllDrives: true,
      requestBody: { name: CERTIFICATES_FOLDER_NAME, parents: [SHARED_DRIVE] },
    });
    const error = await drive.files
      .create({ supportsAllDrives: true, requestBody: { name: 'inside', mimeType: FOLDER_MIME_TYPE, parents: [notAFolder.data.id ?? ''] } })
      .catch((e: unknown) => e as { status?: number; message?: string });
    expect(error).toMatchObject({ status: 400, message: 'The specified parent is not a folder.' });
    // Nor is it found as the certificates folder.
    expect(await ensureCertificatesFolder(drive, {})).toBeUndefined();
  });

  it('a search of a shared drive without includeItemsFromAllDrives', async () => {
    const { drive } = await startFakes();
    const error = await drive.files
      .list({ corpora: 'drive', driveId: SHARED_DRIVE, q: `name = 'x' and mimeType = '${FOLDER_MIME_TYPE}' and trashed = false` })
      .catch((e: unknown) => e as { status?: number });
    expect(error).toMatchObject({ status: 403 });
  });
});
