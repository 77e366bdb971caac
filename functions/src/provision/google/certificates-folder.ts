// The Drive folder certificates go to on Google: found (configured, or by name) or created once in a shared drive, the functions' account its writer.
import type { drive_v3 } from '@googleapis/drive';
import { apiCall } from './api-errors.js';
import { shareWith } from './share.js';

export const CERTIFICATES_FOLDER_NAME = '培训证书 Certificates';
export const FOLDER_MIME_TYPE = 'application/vnd.google-apps.folder';

const FIX =
  'Check the id (the part of the URL after /folders/ or, for a shared drive, after /drive/folders/), and that the account running ' +
  'this command is a Content manager (or Manager) of the shared drive.';

export interface CertificatesFolderOptions {
  /** CERTIFICATES_DRIVE_FOLDER_ID, when already configured: that folder is checked and shared, nothing is searched. */
  readonly folderId?: string;
  /** --certificates-drive: the shared drive to find the folder in, or create it in. */
  readonly sharedDriveId?: string;
  /** The functions' runtime account, made writer of the folder (it uploads the PDFs). */
  readonly serviceAccount?: string;
}

export interface CertificatesFolder {
  readonly folderId: string;
  readonly url: string;
  readonly created: boolean;
  /** The shared drive holding it; absent: it is in someone's My Drive, where the functions' uploads are refused. */
  readonly sharedDriveId?: string;
  readonly sharedWith?: string;
}

/** Drive's search language quotes with single quotes. */
const quoted = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const FIELDS = 'id,name,mimeType,driveId,trashed';

function described(file: drive_v3.Schema$File, created: boolean): Omit<CertificatesFolder, 'sharedWith'> {
  const folderId = file.id ?? '';
  return {
    folderId,
    url: `https://drive.google.com/drive/folders/${folderId}`,
    created,
    ...(file.driveId ? { sharedDriveId: file.driveId } : {}),
  };
}

async function configuredFolder(drive: drive_v3.Drive, folderId: string): Promise<drive_v3.Schema$File> {
  const file = (
    await apiCall(`read the certificates folder ${folderId} (CERTIFICATES_DRIVE_FOLDER_ID)`, FIX, () =>
      drive.files.get({ fileId: folderId, fields: FIELDS, supportsAllDrives: true }),
    )
  ).data;
  if (file.mimeType !== FOLDER_MIME_TYPE || file.trashed === true) {
    throw new Error(
      `CERTIFICATES_DRIVE_FOLDER_ID ${folderId} is ${file.trashed === true ? 'in the trash' : `not a folder (${file.mimeType ?? 'no type'})`}; ` +
        'unset it to have this command find or create the certificates folder.',
    );
  }
  return file;
}

async function folderByName(drive: drive_v3.Drive, sharedDriveId: string | undefined): Promise<drive_v3.Schema$File | undefined> {
  const inDrive = sharedDriveId === undefined ? '' : ` and ${quoted(sharedDriveId)} in parents`;
  const files = (
    await apiCall(`look for the folder ${CERTIFICATES_FOLDER_NAME}`, FIX, () =>
      drive.files.list({
        q: `name = ${quoted(CERTIFICATES_FOLDER_NAME)} and mimeType = ${quoted(FOLDER_MIME_TYPE)} and trashed = false${inDrive}`,
        fields: `files(${FIELDS})`,
        pageSize: 10,
        supportsAllDrives: true,
        includeItemsFromAllDrives: true,
        ...(sharedDriveId === undefined ? { corpora: 'allDrives' } : { corpora: 'drive', driveId: sharedDriveId }),
      }),
    )
  ).data.files;
  // Prefer one in a shared drive: one in My Drive cannot take the functions' uploads.
  return files?.find((file) => file.driveId) ?? files?.[0];
}

/**
 * The folder, or undefined when there is none and no shared drive to make it in: a service account owns no
 * files in a My Drive (Drive refuses its uploads for lack of storage quota), so only a shared drive works.
 * `files.create` is not retried (POST): when its answer is lost, the next run finds the folder by name.
 */
export async function ensureCertificatesFolder(
  drive: drive_v3.Drive,
  options: CertificatesFolderOptions,
): Promise<CertificatesFolder | undefined> {
  let folder: Omit<CertificatesFolder, 'sharedWith'>;
  if (options.folderId !== undefined) {
    folder = described(await configuredFolder(drive, options.folderId), false);
  } else {
    const found = await folderByName(drive, options.sharedDriveId);
    if (found?.id) folder = described(found, false);
    else if (options.sharedDriveId === undefined) return undefined;
    else {
      const parent = options.sharedDriveId;
      const created = await apiCall(`create the folder ${CERTIFICATES_FOLDER_NAME} in shared drive ${parent}`, FIX, () =>
        drive.files.create({
          supportsAllDrives: true,
          fields: FIELDS,
          requestBody: { name: CERTIFICATES_FOLDER_NAME, mimeType: FOLDER_MIME_TYPE, parents: [parent] },
        }),
      );
      if (!created.data.id) throw new Error('Drive created the certificates folder but returned no id');
      folder = described({ driveId: parent, ...created.data }, true);
    }
  }
  if (options.serviceAccount === undefined) return folder;
  await shareWith(drive, [folder.folderId], options.serviceAccount, { notify: false });
  return { ...folder, sharedWith: options.serviceAccount };
}
