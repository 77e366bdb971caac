// Sharing through the Drive API: editors of the spreadsheet and forms, and who may answer the forms (Drive's published-reader role).
import type { drive_v3 } from '@googleapis/drive';
import { apiCall } from './api-errors.js';

const FIX =
  'With the drive.file scope the account running this command can share only files it created; ' +
  'share files someone else created from their Share dialog instead.';

/** Who may answer the forms: a Workspace domain, a group, one person, or anyone with the link. */
export type Responders =
  | { readonly type: 'domain'; readonly domain: string }
  | { readonly type: 'group' | 'user'; readonly email: string }
  | { readonly type: 'anyone' };

/** `domain:bank.example`, `group:trainees@bank.example`, `user:someone@bank.example` or `anyone`, as --responders takes it. */
export function parseResponders(text: string): Responders {
  const value = text.trim();
  if (value === 'anyone') return { type: 'anyone' };
  const match = /^(domain|group|user):(.+)$/.exec(value);
  const target = match?.[2]?.trim() ?? '';
  if (match?.[1] === 'domain' && /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(target)) return { type: 'domain', domain: target.toLowerCase() };
  if ((match?.[1] === 'group' || match?.[1] === 'user') && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(target)) {
    return { type: match[1], email: target.toLowerCase() };
  }
  throw new Error(
    `--responders must be domain:<your Workspace domain>, group:<e-mail>, user:<e-mail> or anyone, not "${text}" ` +
      '(who may answer the forms: trainees and instructors).',
  );
}

/** By default the Workspace domain of the person the files are shared with: the bank's own staff and trainees. */
export function defaultResponders(shareWith: string | undefined): Responders | undefined {
  const domain = shareWith?.split('@')[1]?.trim().toLowerCase();
  return domain ? { type: 'domain', domain } : undefined;
}

export function respondersText(responders: Responders): string {
  return responders.type === 'anyone'
    ? 'anyone with the link'
    : responders.type === 'domain'
      ? `everyone at ${responders.domain}`
      : responders.email;
}

/** The Drive permission that lets `responders` answer a form: role reader on the form's published view. */
export function responderPermission(responders: Responders): drive_v3.Schema$Permission {
  const base = { role: 'reader', view: 'published' };
  if (responders.type === 'anyone') return { ...base, type: 'anyone', allowFileDiscovery: false };
  if (responders.type === 'domain') return { ...base, type: 'domain', domain: responders.domain, allowFileDiscovery: false };
  return { ...base, type: responders.type, emailAddress: responders.email };
}

function sameGrantee(a: drive_v3.Schema$Permission, b: drive_v3.Schema$Permission): boolean {
  const who = (p: drive_v3.Schema$Permission) => (p.type === 'domain' ? (p.domain ?? '') : (p.emailAddress ?? '')).toLowerCase();
  return a.type === b.type && who(a) === who(b) && (a.view ?? '') === (b.view ?? '');
}

/**
 * Give `responders` the published-reader permission on every form that lacks it: publishing alone lets only
 * the editors answer. Domains and "anyone" get no notification (Drive sends none to them); people and groups
 * are not e-mailed either, the forms' links reach them another way. Returns how many permissions were added.
 */
export async function grantResponders(drive: drive_v3.Drive, formIds: readonly string[], responders: Responders): Promise<number> {
  const wanted = responderPermission(responders);
  let added = 0;
  for (const fileId of formIds) {
    const existing = await apiCall(`read who may answer form ${fileId}`, FIX, () =>
      drive.permissions.list({ fileId, supportsAllDrives: true, fields: 'permissions(id,type,role,view,domain,emailAddress)' }),
    );
    if ((existing.data.permissions ?? []).some((permission) => sameGrantee(permission, wanted))) continue;
    await apiCall(`let ${respondersText(responders)} answer form ${fileId}`, FIX, () =>
      drive.permissions.create({
        fileId,
        supportsAllDrives: true,
        ...(responders.type === 'user' || responders.type === 'group' ? { sendNotificationEmail: false } : {}),
        requestBody: wanted,
      }),
    );
    added += 1;
  }
  return added;
}

/** Share files as editor; Drive keeps one permission per person and file, so sharing again adds none. */
export async function shareWith(
  drive: drive_v3.Drive,
  fileIds: readonly string[],
  email: string,
  options: { readonly notify: boolean } = { notify: true },
): Promise<void> {
  for (const fileId of fileIds) {
    await apiCall(`share ${fileId} with ${email}`, FIX, () =>
      drive.permissions.create({
        fileId,
        sendNotificationEmail: options.notify,
        supportsAllDrives: true,
        requestBody: { type: 'user', role: 'writer', emailAddress: email },
      }),
    );
  }
}
