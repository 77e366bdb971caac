// The Drive API's permissions.create and permissions.list for provisioning tests: editors, and who may answer a form (the published view).
import type { drive_v3 } from '@googleapis/drive';
import { googleError, type FakeRequest, type FakeResponse, type Route } from './http-fake.js';

export interface SharedPermission {
  readonly fileId: string;
  readonly permission: drive_v3.Schema$Permission;
  readonly sendNotificationEmail: boolean;
}

const ROLES = new Set(['owner', 'organizer', 'fileOrganizer', 'writer', 'commenter', 'reader']);
const TYPES = new Set(['user', 'group', 'domain', 'anyone']);

function grantee(permission: drive_v3.Schema$Permission): string {
  return `${permission.type ?? ''}:${(permission.type === 'domain' ? permission.domain : permission.emailAddress) ?? ''}:${permission.view ?? ''}`.toLowerCase();
}

/** Drive's refusals of a permission it cannot hold, in its words where they are known. */
function refusal(permission: drive_v3.Schema$Permission, notifyGiven: boolean): FakeResponse | undefined {
  const { type, role, view } = permission;
  if (!type || !role) return googleError(400, 'The permission type and role are required.', 'required');
  if (!TYPES.has(type)) return googleError(400, `Invalid permission type: ${type}`, 'invalid');
  if (!ROLES.has(role)) return googleError(400, `Invalid permission role: ${role}`, 'invalid');
  if ((type === 'user' || type === 'group') && !permission.emailAddress)
    return googleError(400, 'An e-mail address is required for a user or group permission.', 'required');
  if (type === 'domain' && !permission.domain) return googleError(400, 'A domain is required for a domain permission.', 'required');
  // `view` is published (the role is then publishedReader: who may answer a published form) or metadata (folders only).
  if (view !== undefined && view !== null) {
    if (view !== 'published' && view !== 'metadata') return googleError(400, `Invalid view: ${view}`, 'invalid');
    if (view === 'metadata') return googleError(400, 'The metadata view is only supported on folders.', 'invalid');
    if (role !== 'reader') return googleError(400, 'The published view supports the reader role only.', 'invalid');
  }
  if (notifyGiven && type !== 'user' && type !== 'group')
    return googleError(400, 'sendNotificationEmail is only allowed when sharing with users or groups.', 'invalidSharingRequest');
  return undefined;
}

export class DrivePermissionsFake {
  readonly permissions: SharedPermission[] = [];
  private created = 0;

  /**
   * `exists` tells which file ids are real (the spreadsheets and forms of the other fakes); others are 404.
   * `groups` lists the members of each group e-mail, for canRespond.
   */
  constructor(
    private readonly exists: (fileId: string) => boolean,
    private readonly groups: Readonly<Record<string, readonly string[]>> = {},
  ) {}

  routes(): Route[] {
    const pattern = /^\/drive\/v3\/files\/([^/]+)\/permissions$/;
    return [
      { method: 'POST', pattern, handle: (request, match) => this.create(match[1] ?? '', request) },
      { method: 'GET', pattern, handle: (_request, match) => this.list(match[1] ?? '') },
    ];
  }

  /** Whether `email` may answer form `fileId` once it is published: an editor, or a published reader covering them. */
  canRespond(fileId: string, email: string): boolean {
    const who = email.toLowerCase();
    const domain = who.split('@')[1] ?? '';
    return this.permissions
      .filter((entry) => entry.fileId === fileId)
      .map((entry) => entry.permission)
      .some((p) => {
        const answers = p.view === 'published' ? p.role === 'reader' : p.role === 'writer' || p.role === 'owner';
        if (!answers) return false;
        if (p.type === 'anyone') return true;
        if (p.type === 'domain') return p.domain?.toLowerCase() === domain;
        if (p.type === 'group') return (this.groups[p.emailAddress?.toLowerCase() ?? ''] ?? []).includes(who);
        return p.emailAddress?.toLowerCase() === who;
      });
  }

  private create(fileId: string, request: FakeRequest): FakeResponse {
    if (!this.exists(fileId)) return googleError(404, `File not found: ${fileId}.`, 'notFound');
    const permission = (request.body ?? {}) as drive_v3.Schema$Permission;
    const notifyGiven = request.query.has('sendNotificationEmail');
    const refused = refusal(permission, notifyGiven);
    if (refused) return refused;
    const notify = notifyGiven
      ? request.query.get('sendNotificationEmail') !== 'false'
      : permission.type === 'user' || permission.type === 'group';
    // Drive keeps one permission per grantee and view on a file: sharing again changes its role.
    const index = this.permissions.findIndex((entry) => entry.fileId === fileId && grantee(entry.permission) === grantee(permission));
    const id = index >= 0 ? this.permissions[index]?.permission.id : `perm-${(this.created += 1)}`;
    const stored: drive_v3.Schema$Permission = { ...permission, id: id ?? null };
    if (index >= 0) this.permissions.splice(index, 1, { fileId, permission: stored, sendNotificationEmail: notify });
    else this.permissions.push({ fileId, permission: stored, sendNotificationEmail: notify });
    return { status: 200, body: { kind: 'drive#permission', ...stored } };
  }

  private list(fileId: string): FakeResponse {
    if (!this.exists(fileId)) return googleError(404, `File not found: ${fileId}.`, 'notFound');
    const permissions = this.permissions.filter((entry) => entry.fileId === fileId).map((entry) => entry.permission);
    return { status: 200, body: { kind: 'drive#permissionList', permissions } };
  }
}
