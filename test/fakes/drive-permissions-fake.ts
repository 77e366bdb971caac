// The Drive API's permissions.create for provisioning tests: records who each file was shared with.
import type { drive_v3 } from '@googleapis/drive';
import { googleError, type Route } from './http-fake.js';

export interface SharedPermission {
  readonly fileId: string;
  readonly permission: drive_v3.Schema$Permission;
  readonly sendNotificationEmail: boolean;
}

export class DrivePermissionsFake {
  readonly permissions: SharedPermission[] = [];

  /** `exists` tells which file ids are real (the spreadsheets and forms of the other fakes); others are 404. */
  constructor(private readonly exists: (fileId: string) => boolean) {}

  routes(): Route[] {
    return [
      {
        method: 'POST',
        pattern: /^\/drive\/v3\/files\/([^/]+)\/permissions$/,
        handle: (request, match) => {
          const fileId = match[1] ?? '';
          if (!this.exists(fileId)) return googleError(404, `File not found: ${fileId}.`, 'notFound');
          const permission = (request.body ?? {}) as drive_v3.Schema$Permission;
          if (!permission.type || !permission.role) return googleError(400, 'The permission type and role are required.', 'required');
          if (permission.type === 'user' && !permission.emailAddress)
            return googleError(400, 'An e-mail address is required for a user permission.', 'required');
          const already = this.permissions.find(
            (entry) => entry.fileId === fileId && entry.permission.emailAddress === permission.emailAddress,
          );
          const notify = request.query.get('sendNotificationEmail') !== 'false';
          // Drive keeps one permission per person and file.
          if (!already) this.permissions.push({ fileId, permission, sendNotificationEmail: notify });
          return {
            status: 200,
            body: { kind: 'drive#permission', id: `perm-${permission.emailAddress ?? ''}`, type: permission.type, role: permission.role },
          };
        },
      },
    ];
  }
}
