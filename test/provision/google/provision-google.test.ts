// Provisioning with the real Google clients against local fakes of Sheets, Forms and Drive: create, upgrade, re-run, sample, share.
import { afterEach, describe, expect, it } from 'vitest';
import {
  ALL_TABS,
  ATTENDANCE_TAB,
  FORMS_TAB,
  GRADES_TAB,
  PLAN_TAB,
  SCORES_TAB,
  SETTINGS,
  SETTINGS_TAB,
  SUMMARY_TAB,
  headerText,
  values,
  type TabDef,
} from '../../../sheets-templates/index.js';
import { fixedClock } from '../../../functions/src/adapters/system-clock.js';
import type { RetryPolicy } from '../../../functions/src/adapters/google/retry.js';
import { loadConfig } from '../../../functions/src/config.js';
import { gridToTable } from '../../../functions/src/core/table.js';
import { FORM_KINDS, formColumns } from '../../../functions/src/provision/google/form-plan.js';
import { runGoogleProvision } from '../../../functions/src/provision/google/provision-command.js';
import { ProvisionRefusedError, provisionGoogle, provisioningApis } from '../../../functions/src/provision/google/provision-google.js';
import { provisionReportText } from '../../../functions/src/provision/google/provision-report.js';
import { parseResponders } from '../../../functions/src/provision/google/share.js';
import { STRUCTURE_FIELDS } from '../../../functions/src/provision/google/spreadsheet-state.js';
import { sampleRows } from '../../../functions/src/provision/sample-data.js';
import { DriveFilesFake } from '../../fakes/drive-files-fake.js';
import { DrivePermissionsFake } from '../../fakes/drive-permissions-fake.js';
import { FormsFake } from '../../fakes/forms-fake.js';
import { HttpFake } from '../../fakes/http-fake.js';
import { SheetsFake } from '../../fakes/sheets-fake.js';
import { StoreError } from '../../../functions/src/ports.js';

const clock = fixedClock('2026-06-15T10:00:00+08:00');
const later = fixedClock('2026-06-16T11:30:00+08:00');

interface Fakes {
  readonly http: HttpFake;
  readonly sheets: SheetsFake;
  readonly forms: FormsFake;
  readonly drive: DrivePermissionsFake;
}

let running: HttpFake | undefined;

async function startFakes(options: { legacyForms?: boolean } = {}): Promise<Fakes> {
  const sheets = new SheetsFake();
  const forms: FormsFake = new FormsFake({
    legacy: options.legacyForms ?? false,
    canRespond: (formId, email) => drive.canRespond(formId, email),
  });
  const drive: DrivePermissionsFake = new DrivePermissionsFake((id) => sheets.spreadsheets.has(id) || forms.forms.has(id), {
    'trainees@bank.example': ['t1@bank.example'],
  });
  // The files API answers the certificates folder's search of the CLI command (the folder itself has its own tests).
  const http = await new HttpFake([...sheets.routes(), ...forms.routes(), ...drive.routes(), ...new DriveFilesFake([]).routes()]).start();
  running = http;
  return { http, sheets, forms, drive };
}

afterEach(async () => {
  await running?.close();
  running = undefined;
});

const mutating = (http: HttpFake) => http.calls.filter((call) => call.method !== 'GET').map((call) => `${call.method} ${call.path}`);
const columnOf = (tab: TabDef, key: string) => tab.columns.findIndex((column) => column.key === key);

describe('provisioning a new spreadsheet', () => {
  it('creates every tab in order with its header, formats, dropdowns, protection, highlights, chart, Settings and the forms', async () => {
    const { http, sheets, forms } = await startFakes();
    const report = await provisionGoogle(provisioningApis(http.url), { clock });
    const id = report.spreadsheetId;
    expect(report.created).toBe(true);
    expect(report.url).toBe(`https://docs.google.com/spreadsheets/d/${id}/edit`);

    const spreadsheet = sheets.spreadsheets.get(id);
    expect(spreadsheet?.properties.title).toBe('客户经理培训 Customer-manager training');
    expect(spreadsheet?.sheets.map((sheet) => sheet.properties.title)).toEqual(ALL_TABS.map((tab) => tab.name));
    expect(sheets.batches).toHaveLength(1);

    for (const tab of ALL_TABS) {
      const grid = sheets.text(id, tab.name);
      expect(grid[0]).toEqual(tab.columns.map(headerText));
      // The stores read this tab by header without complaint.
      expect(() => gridToTable(tab, grid)).not.toThrow();
      const sheet = sheets.sheet(id, tab.name);
      expect(sheet.properties.gridProperties.frozenRowCount).toBe(1);
      expect(sheets.cell(id, tab.name, 0, 0)?.userEnteredFormat?.textFormat?.bold).toBe(true);
      expect(sheet.basicFilter?.range?.endColumnIndex).toBe(tab.columns.length);
      const protections = sheet.protectedRanges;
      expect(protections.map((p) => [p.warningOnly, p.range])).toEqual(
        tab.role === 'derived' ? [[true, { sheetId: sheet.properties.sheetId }]] : [],
      );
      tab.columns.forEach((column, c) => {
        const rule = sheets.cell(id, tab.name, 1, c)?.dataValidation;
        if (tab.role === 'source' && (column.type.kind === 'choice' || column.type.kind === 'choices')) {
          expect(rule?.condition?.type).toBe('ONE_OF_LIST');
          expect(rule?.condition?.values?.map((v) => v.userEnteredValue)).toEqual(values(column.type.choices));
          expect(rule?.strict).toBe(column.type.kind === 'choice');
          // The rule covers the whole column, down to the last row.
          expect(sheets.cell(id, tab.name, 999, c)?.dataValidation).toEqual(rule);
        }
        if (tab.role === 'derived') expect(rule).toBeUndefined();
      });
    }

    const planStart = sheets.cell(id, PLAN_TAB.name, 1, columnOf(PLAN_TAB, 'start_date'));
    expect(planStart?.userEnteredFormat?.numberFormat).toEqual({ type: 'DATE', pattern: 'yyyy-mm-dd' });
    expect(sheets.cell(id, SUMMARY_TAB.name, 5, columnOf(SUMMARY_TAB, 'pass_rate'))?.userEnteredFormat?.numberFormat?.type).toBe('PERCENT');
    expect(sheets.cell(id, GRADES_TAB.name, 1, columnOf(GRADES_TAB, 'total'))?.userEnteredFormat?.numberFormat?.pattern).toBe('0.0');
    expect(sheets.cell(id, SCORES_TAB.name, 0, columnOf(SCORES_TAB, 'submission_id'))?.note).toBe(
      '表单回复编号；同一编号只记一行\nForm response id; the same id is one row',
    );
    expect(sheets.sheet(id, SCORES_TAB.name).columnWidths.get(columnOf(SCORES_TAB, 'submission_id'))).toBe(24 * 8 + 8);

    const grades = sheets.sheet(id, GRADES_TAB.name).conditionalFormats;
    const highlighted = grades.map((rule) => [
      rule.ranges?.[0]?.startColumnIndex,
      rule.booleanRule?.condition?.values?.[0]?.userEnteredValue,
    ]);
    const status = columnOf(GRADES_TAB, 'status');
    const band = columnOf(GRADES_TAB, 'band');
    expect(highlighted).toEqual(
      expect.arrayContaining([
        [status, '补考'],
        [status, '重修/辅导'],
        [status, '缺考'],
        [status, '优秀'],
        [band, '不合格'],
        [band, '优秀'],
      ]),
    );
    expect(grades).toHaveLength(6);
    const summary = sheets.sheet(id, SUMMARY_TAB.name);
    expect(summary.conditionalFormats.map((rule) => [rule.ranges?.[0]?.startColumnIndex, rule.gradientRule !== undefined])).toEqual([
      [columnOf(SUMMARY_TAB, 'pass_rate'), true],
    ]);
    expect(summary.charts).toHaveLength(1);
    const chart = summary.charts[0]?.spec?.basicChart;
    expect(chart?.chartType).toBe('BAR');
    expect(chart?.domains?.[0]?.domain?.sourceRange?.sources?.[0]?.startColumnIndex).toBe(columnOf(SUMMARY_TAB, 'item'));
    expect(chart?.series?.[0]?.series?.sourceRange?.sources?.[0]?.startColumnIndex).toBe(columnOf(SUMMARY_TAB, 'pass_rate'));

    expect(sheets.text(id, SETTINGS_TAB.name).slice(1)).toEqual(SETTINGS.map((s) => [s.key, s.default, `${s.label.zh} ${s.label.en}`]));

    expect(forms.forms.size).toBe(FORM_KINDS.length);
    const formsTab = gridToTable(FORMS_TAB, sheets.text(id, FORMS_TAB.name)).rows.map((row) => row.values);
    expect(formsTab.map((row) => row['kind'])).toEqual(FORM_KINDS);
    for (const row of formsTab) {
      const form = forms.forms.get(String(row['form_id']));
      const kind = row['kind'] as (typeof FORM_KINDS)[number];
      expect(form?.items?.map((item) => item.title)).toEqual(formColumns(kind).map(headerText));
      expect(form?.publishSettings?.publishState).toEqual({ isPublished: true, isAcceptingResponses: true });
      expect(row).toMatchObject({
        title: form?.info?.title,
        responder_url: form?.responderUri,
        edit_url: `https://docs.google.com/forms/d/${form?.formId ?? ''}/edit`,
        updated_at: '2026-06-15T10:00:00+08:00',
      });
      expect(row['watch_id']).toBe('');
    }
    expect(sheets.valueWrites.map((write) => write.valueInputOption)).toEqual(['RAW']);

    expect(http.count('POST', /^\/v4\/spreadsheets$/)).toBe(1);
    expect(http.count('GET', /^\/v4\//)).toBe(0);
    expect(http.count('POST', /^\/v1\/forms$/)).toBe(5);
    expect(http.count('POST', /:batchUpdate$/)).toBe(1 + 5 + 1);
    expect(http.count('POST', /:setPublishSettings$/)).toBe(5);
    expect(http.calls.every((call) => call.headers.authorization === undefined)).toBe(true);
  });

  it('writes the sample rows in one RAW values write, growing the grid for them first', async () => {
    const { http, sheets } = await startFakes();
    const sample = sampleRows();
    const report = await provisionGoogle(provisioningApis(http.url), { clock, sample });
    const id = report.spreadsheetId;
    const write = sheets.valueWrites[0];
    expect(write?.valueInputOption).toBe('RAW');
    expect(write?.data?.map((range) => range.range)).toEqual([...sample.keys()].map((name) => `'${name}'!A2`));
    const attendance = gridToTable(ATTENDANCE_TAB, sheets.text(id, ATTENDANCE_TAB.name)).rows;
    expect(attendance).toHaveLength(sample.get(ATTENDANCE_TAB.name)?.length ?? -1);
    expect(attendance.length).toBeGreaterThan(999);
    expect(report.sampleRows).toBe([...sample.values()].reduce((sum, rows) => sum + rows.length, 0));

    http.resetCalls();
    await expect(provisionGoogle(provisioningApis(http.url), { clock, sample, spreadsheetId: id })).rejects.toThrow(ProvisionRefusedError);
    expect(mutating(http)).toEqual([]);
  });
});

describe('provisioning again', () => {
  it('sends no mutating request the second time', async () => {
    const { http } = await startFakes();
    const responders = { type: 'domain', domain: 'bank.example' } as const;
    const first = await provisionGoogle(provisioningApis(http.url), { clock, responders });
    http.resetCalls();
    const second = await provisionGoogle(provisioningApis(http.url), { clock: later, spreadsheetId: first.spreadsheetId, responders });
    expect(mutating(http)).toEqual([]);
    expect(second.respondersAdded).toBe(0);
    expect(second.sheetRequests).toBe(0);
    expect(second.forms.every((form) => !form.created && form.addedQuestions.length === 0 && !form.published)).toBe(true);
    // One structure read, one cell read, one read per form, one read of who may answer each form.
    expect(http.calls.map((call) => call.path.replace(/\/(fake-[^/]+)/, '/:id'))).toEqual([
      '/v4/spreadsheets/:id',
      '/v4/spreadsheets/:id',
      ...FORM_KINDS.map(() => '/v1/forms/:id'),
      ...FORM_KINDS.map(() => '/drive/v3/files/:id/permissions'),
    ]);
    expect(http.calls[0]?.query.get('fields')).toBe(STRUCTURE_FIELDS);
    expect(http.calls[1]?.query.getAll('ranges')).toEqual(
      ALL_TABS.map((tab) => (tab === SETTINGS_TAB || tab === FORMS_TAB ? `'${tab.name}'` : `'${tab.name}'!1:2`)),
    );
  });

  it('finds the forms through the Forms tab and adds only missing questions, leaving the watch columns alone', async () => {
    const { http, sheets, forms } = await startFakes();
    const first = await provisionGoogle(provisioningApis(http.url), { clock });
    const id = first.spreadsheetId;
    const scoreForm = first.forms.find((form) => form.kind === 'score');
    const form = forms.forms.get(scoreForm?.formId ?? '');
    form?.items?.splice(2, 1);
    const watchColumn = columnOf(FORMS_TAB, 'watch_id');
    sheets.sheet(id, FORMS_TAB.name).setValue(1, watchColumn, 'watch-123');

    http.resetCalls();
    const second = await provisionGoogle(provisioningApis(http.url), { clock: later, spreadsheetId: id });
    expect(mutating(http)).toEqual([
      `POST /v1/forms/${scoreForm?.formId ?? ''}:batchUpdate`,
      `POST /v4/spreadsheets/${id}/values:batchUpdate`,
    ]);
    expect(second.forms.find((f) => f.kind === 'score')?.addedQuestions).toEqual(['考核项目 Component']);
    expect(forms.forms.get(scoreForm?.formId ?? '')?.items?.map((item) => item.title)).toEqual([
      ...formColumns('score')
        .map(headerText)
        .filter((title) => title !== '考核项目 Component'),
      '考核项目 Component',
    ]);
    const rows = gridToTable(FORMS_TAB, sheets.text(id, FORMS_TAB.name)).rows.map((row) => row.values);
    expect(rows[0]).toMatchObject({
      kind: 'score',
      form_id: scoreForm?.formId,
      watch_id: 'watch-123',
      updated_at: '2026-06-16T11:30:00+08:00',
    });
    expect(rows.slice(1).every((row) => row['updated_at'] === '2026-06-15T10:00:00+08:00')).toBe(true);
  });

  it('stops with NOT_FOUND when a form the Forms tab lists is gone, saying what to do', async () => {
    const { http, forms } = await startFakes();
    const first = await provisionGoogle(provisioningApis(http.url), { clock });
    forms.forms.delete(first.forms.find((form) => form.kind === 'leave')?.formId ?? '');
    const failure = await provisionGoogle(provisioningApis(http.url), { clock, spreadsheetId: first.spreadsheetId }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StoreError);
    expect(failure).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining("clear that row's form ID") as unknown });
  });

  it('asks to publish every form it creates, and takes a legacy form refusing publish settings as public already', async () => {
    const { http } = await startFakes({ legacyForms: true });
    const report = await provisionGoogle(provisioningApis(http.url), { clock });
    expect(http.count('POST', /:setPublishSettings$/)).toBe(FORM_KINDS.length);
    expect(report.forms.every((form) => !form.published)).toBe(true);
  });

  it('publishes every new form though the create answer says nothing of publishing, and lets the responders answer', async () => {
    const { http, forms } = await startFakes();
    const report = await provisionGoogle(provisioningApis(http.url), { clock, responders: { type: 'domain', domain: 'bank.example' } });
    expect(report.forms.every((form) => form.published)).toBe(true);
    expect(report.respondersAdded).toBe(FORM_KINDS.length);
    for (const form of report.forms) {
      expect(forms.respond(form.formId, 'trainee@bank.example'), form.kind).toBe('accepted');
      expect(forms.respond(form.formId, 'someone@elsewhere.example'), form.kind).toBe('no permission');
    }
  });

  it.each([
    ['a group', { type: 'group', email: 'trainees@bank.example' } as const, 't1@bank.example', 't2@bank.example'],
    ['one person', { type: 'user', email: 't1@bank.example' } as const, 't1@bank.example', 't2@bank.example'],
    ['anyone with the link', { type: 'anyone' } as const, 'x@gmail.example', undefined],
  ])('lets %s answer the forms', async (_name, responders, admitted, refused) => {
    const { http, forms } = await startFakes();
    const report = await provisionGoogle(provisioningApis(http.url), { clock, responders });
    const formId = report.forms[0]?.formId ?? '';
    expect(forms.respond(formId, admitted)).toBe('accepted');
    if (refused !== undefined) expect(forms.respond(formId, refused)).toBe('no permission');
  });

  it('says that nobody but the editors can answer when it was told no responders, and how to fix it', async () => {
    const { http, forms } = await startFakes();
    const report = await provisionGoogle(provisioningApis(http.url), { clock });
    expect(report.responders).toBeUndefined();
    expect(forms.respond(report.forms[0]?.formId ?? '', 'trainee@bank.example')).toBe('no permission');
    expect(provisionReportText(report, 'as me')).toContain("Nobody but the forms' editors can answer them yet");
  });
});

describe('upgrading a spreadsheet people already use', () => {
  const scoresHeader = [...SCORES_TAB.columns.filter((column) => column.key !== 'assessor').map(headerText), '备注 Remark'];
  const scoreRows = [
    ['resp-1', '2026-06-15T09:00:00+08:00', 'T002', 'C-PRO-CORP', 'exam', 1, 88, '补交'],
    ['resp-2', '2026-06-15T09:05:00+08:00', 'T004', 'C-PRO-RETAIL', 'paper', 1, 70, null],
  ];

  function seed(sheets: SheetsFake) {
    sheets.seed('people-sheet', {
      Sheet1: [['自己的笔记 My notes'], ['keep me']],
      Scores: [scoresHeader, ...scoreRows],
      Settings: [SETTINGS_TAB.columns.map(headerText), ['pass_mark', '70', '']],
    });
  }

  it('keeps every row and the staff column, appends the missing header after it, and adds the missing tabs', async () => {
    const { http, sheets } = await startFakes();
    seed(sheets);
    const report = await provisionGoogle(provisioningApis(http.url), { clock, spreadsheetId: 'people-sheet' });
    expect(report.created).toBe(false);
    const text = provisionReportText(report, 'as tester@example.iam.gserviceaccount.com');
    expect(text).toContain('added to Scores: 评分人 Assessor');
    expect(text).toContain(
      `added tabs: ${ALL_TABS.filter((tab) => tab !== SCORES_TAB && tab !== SETTINGS_TAB)
        .map((tab) => tab.name)
        .join(', ')}`,
    );
    expect(text).not.toContain('SPREADSHEET_ID=');

    const scores = sheets.text('people-sheet', SCORES_TAB.name);
    expect(scores[0]).toEqual([...scoresHeader, '评分人 Assessor']);
    expect(scores.slice(1)).toEqual(scoreRows.map((row) => [...row.map((cell) => (cell === null ? '' : String(cell))), '']));
    const table = gridToTable(SCORES_TAB, scores);
    expect(table.rows.map((row) => [row.values['submission_id'], row.values['score']])).toEqual([
      ['resp-1', '88'],
      ['resp-2', '70'],
    ]);
    expect(sheets.text('people-sheet', 'Sheet1')).toEqual([['自己的笔记 My notes'], ['keep me']]);
    expect(sheets.text('people-sheet', SETTINGS_TAB.name).slice(1)).toEqual([['pass_mark', '70', '']]);
    const titles = sheets.spreadsheets.get('people-sheet')?.sheets.map((sheet) => sheet.properties.title);
    expect(titles?.slice(0, 3)).toEqual(['Sheet1', 'Scores', 'Settings']);
    expect(new Set(titles)).toEqual(new Set(['Sheet1', ...ALL_TABS.map((tab) => tab.name)]));
    // The staff column got no format, validation or width of ours.
    const remark = scoresHeader.length - 1;
    expect(sheets.cell('people-sheet', SCORES_TAB.name, 1, remark)).toEqual({ userEnteredValue: { stringValue: '补交' } });
    expect(sheets.sheet('people-sheet', SCORES_TAB.name).columnWidths.has(remark)).toBe(false);

    http.resetCalls();
    await provisionGoogle(provisioningApis(http.url), { clock: later, spreadsheetId: 'people-sheet' });
    expect(mutating(http)).toEqual([]);
  });

  it('reads again after a 503, but never sends a create twice', async () => {
    const fast: RetryPolicy = { tries: 3, firstDelayMs: 1, maxDelayMs: 2, timeoutMs: 2_000 };
    const { http, sheets } = await startFakes();
    seed(sheets);
    http.failNext(1, { kind: 'status', status: 503 }, (call) => call.method === 'GET');
    await provisionGoogle(provisioningApis(http.url, fast), { clock, spreadsheetId: 'people-sheet' });
    const [refused, again] = http.calls;
    expect([again?.method, again?.path, again?.query.toString()]).toEqual([refused?.method, refused?.path, refused?.query.toString()]);

    http.failNext(1, { kind: 'status', status: 503 }, (call) => call.method === 'POST' && call.path === '/v4/spreadsheets');
    const failure = await provisionGoogle(provisioningApis(http.url, fast), { clock }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('Google answered 503') as unknown });
    expect(http.count('POST', /^\/v4\/spreadsheets$/)).toBe(1);
  });

  it('answers a refused read with NOT_AUTHORIZED and how to share the spreadsheet', async () => {
    const { http, sheets } = await startFakes();
    seed(sheets);
    http.failNext(1, { kind: 'status', status: 403 });
    const failure = await provisionGoogle(provisioningApis(http.url), { clock, spreadsheetId: 'people-sheet' }).catch(
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({
      code: 'NOT_AUTHORIZED',
      message: expect.stringContaining('Share the spreadsheet as editor') as unknown,
    });
    expect(mutating(http)).toEqual([]);
  });
});

describe('npm run cli -- provision --google --share', () => {
  it('shares everything as writer with the person and the functions’ account, lets the person’s domain answer, and prints SPREADSHEET_ID', async () => {
    const { http, drive, forms } = await startFakes();
    const printed: string[] = [];
    const config = loadConfig({ GOOGLE_API_ROOT_URL: http.url });
    const account = 'training-fn@bank-training.iam.gserviceaccount.com';
    await runGoogleProvision(config, { share: 'someone@company.example', serviceAccount: account }, clock, (text) => printed.push(text));
    const text = printed.join('\n');
    expect(text).toContain('SPREADSHEET_ID=fake-spreadsheet-1');
    expect(text).toContain('Shared the spreadsheet and 5 forms with someone@company.example');
    expect(text).toContain(`Shared the spreadsheet and 5 forms with the functions' account ${account} as editor`);
    expect(text).toContain('Who may answer the forms: everyone at company.example (added to 5 forms)');
    expect(text).toContain(`without credentials`);
    const files = ['fake-spreadsheet-1', ...FORM_KINDS.map((_, i) => `fake-form-${i + 1}`)];
    const shared = drive.permissions.map((p) => [
      p.fileId,
      p.permission.type,
      p.permission.role,
      p.permission.view ?? '',
      p.permission.emailAddress ?? p.permission.domain,
      p.sendNotificationEmail,
    ]);
    expect(shared).toEqual([
      ...files.map((file) => [file, 'user', 'writer', '', 'someone@company.example', true]),
      ...files.map((file) => [file, 'user', 'writer', '', account, false]),
      ...files.slice(1).map((file) => [file, 'domain', 'reader', 'published', 'company.example', false]),
    ]);
    expect(forms.respond('fake-form-1', 'trainee@company.example')).toBe('accepted');
  });

  it.each([
    ['domain:bank.example', { type: 'domain', domain: 'bank.example' }],
    ['group:Trainees@bank.example', { type: 'group', email: 'trainees@bank.example' }],
    ['user:t1@bank.example', { type: 'user', email: 't1@bank.example' }],
    ['anyone', { type: 'anyone' }],
  ])('reads --responders %s', (text, expected) => expect(parseResponders(text)).toEqual(expected));

  it.each(['bank.example', 'domain:', 'group:nobody', 'everyone'])('refuses --responders %s, saying what it takes', (text) =>
    expect(() => parseResponders(text)).toThrow(
      /--responders must be domain:<your Workspace domain>, group:<e-mail>, user:<e-mail> or anyone/,
    ),
  );
});
