// The Drive and Forms fakes through the real clients: they refuse what Google refuses about sharing, publishing and responding.
import { drive, type drive_v3 } from '@googleapis/drive';
import { forms, type forms_v1 } from '@googleapis/forms';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DrivePermissionsFake } from './drive-permissions-fake.js';
import { FormsFake } from './forms-fake.js';
import { HttpFake } from './http-fake.js';

let http: HttpFake;
let formsFake: FormsFake;
let driveFake: DrivePermissionsFake;
let driveApi: drive_v3.Drive;
let formsApi: forms_v1.Forms;
let formId: string;

beforeEach(async () => {
  formsFake = new FormsFake({ canRespond: (id, email) => driveFake.canRespond(id, email) });
  driveFake = new DrivePermissionsFake((id) => formsFake.forms.has(id));
  http = await new HttpFake([...formsFake.routes(), ...driveFake.routes()]).start();
  driveApi = drive({ version: 'v3', rootUrl: http.url, retry: false });
  formsApi = forms({ version: 'v1', rootUrl: http.url, retry: false });
  formId = (await formsApi.forms.create({ requestBody: { info: { title: 'Scores' } } })).data.formId ?? '';
});

afterEach(() => http.close());

async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    const response = (error as { response?: { status: number; data?: { error?: { message?: string } } } }).response;
    return `${response?.status}: ${response?.data?.error?.message}`;
  }
  throw new Error('the call was not refused');
}

const publish = () =>
  formsApi.forms.setPublishSettings({
    formId,
    requestBody: { publishSettings: { publishState: { isPublished: true, isAcceptingResponses: true } }, updateMask: 'publishState' },
  });
const letDomainAnswer = () =>
  driveApi.permissions.create({
    fileId: formId,
    requestBody: { type: 'domain', domain: 'bank.example', role: 'reader', view: 'published' },
  });

describe('a form created through the Forms API', () => {
  it('starts unpublished, says so on forms.get but not in the create answer, and takes no answer', async () => {
    const created = await formsApi.forms.create({ requestBody: { info: { title: 'Leave' } } });
    expect(created.data.publishSettings).toBeUndefined();
    expect((await formsApi.forms.get({ formId })).data.publishSettings?.publishState?.isPublished).toBe(false);
    await letDomainAnswer();
    expect(formsFake.respond(formId, 'trainee@bank.example')).toBe('not published');
  });

  it('once published, takes answers only from those with the published-reader permission', async () => {
    await publish();
    expect(formsFake.respond(formId, 'trainee@bank.example')).toBe('no permission');
    await letDomainAnswer();
    expect(formsFake.respond(formId, 'trainee@bank.example')).toBe('accepted');
    expect(formsFake.respond(formId, 'trainee@other.example')).toBe('no permission');
  });

  it('refuses to accept responses while unpublished', async () => {
    expect(
      await refusal(
        formsApi.forms.setPublishSettings({
          formId,
          requestBody: {
            publishSettings: { publishState: { isPublished: false, isAcceptingResponses: true } },
            updateMask: 'publishState',
          },
        }),
      ),
    ).toBe('400: An unpublished form cannot accept responses.');
  });
});

describe("Drive's permissions", () => {
  it.each([
    ['the published view with a role other than reader', { type: 'anyone', role: 'writer', view: 'published' }, /reader role only/],
    ['the metadata view on a file', { type: 'anyone', role: 'reader', view: 'metadata' }, /only supported on folders/],
    ['a view Drive does not know', { type: 'anyone', role: 'reader', view: 'responders' }, /Invalid view/],
    ['a domain permission without a domain', { type: 'domain', role: 'reader', view: 'published' }, /domain is required/],
  ])('refuses %s', async (_name, requestBody, message) => {
    expect(await refusal(driveApi.permissions.create({ fileId: formId, requestBody }))).toMatch(message);
  });

  it('refuses a notification e-mail for a domain or anyone, which it can only send to people and groups', async () => {
    expect(
      await refusal(
        driveApi.permissions.create({
          fileId: formId,
          sendNotificationEmail: false,
          requestBody: { type: 'domain', domain: 'bank.example', role: 'reader', view: 'published' },
        }),
      ),
    ).toMatch(/only allowed when sharing with users or groups/);
  });

  it('keeps one permission per grantee and view, and lists them', async () => {
    await letDomainAnswer();
    await letDomainAnswer();
    await driveApi.permissions.create({
      fileId: formId,
      requestBody: { type: 'user', role: 'writer', emailAddress: 'staff@bank.example' },
    });
    const listed = await driveApi.permissions.list({ fileId: formId });
    expect(listed.data.permissions?.map((p) => [p.type, p.role, p.view ?? ''])).toEqual([
      ['domain', 'reader', 'published'],
      ['user', 'writer', ''],
    ]);
  });
});
