// Shares the provisioned spreadsheet and forms with a person as editor, through the Drive API.
import type { drive_v3 } from '@googleapis/drive';
import { apiCall } from './api-errors.js';

const FIX =
  'With the drive.file scope the account running this command can share only files it created; ' +
  'share files someone else created from their Share dialog instead.';

/** Drive keeps one permission per person and file, so sharing again adds none. */
export async function shareWith(drive: drive_v3.Drive, fileIds: readonly string[], email: string): Promise<void> {
  for (const fileId of fileIds) {
    await apiCall(`share ${fileId} with ${email}`, FIX, () =>
      drive.permissions.create({
        fileId,
        sendNotificationEmail: true,
        supportsAllDrives: true,
        requestBody: { type: 'user', role: 'writer', emailAddress: email },
      }),
    );
  }
}
