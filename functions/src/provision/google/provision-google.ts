// Provisions the Google spreadsheet and forms from the templates: create or upgrade in one batch, sample data, forms, sharing.
import { drive, type drive_v3 } from '@googleapis/drive';
import { forms, type forms_v1 } from '@googleapis/forms';
import { sheets, type sheets_v4 } from '@googleapis/sheets';
import type { GoogleAuth } from 'google-auth-library';
import { applicationDefaultOptions } from '../../adapters/google/clients.js';
import { DEFAULT_RETRY_POLICY, googleRequestOptions, IDEMPOTENT_METHODS, type RetryPolicy } from '../../adapters/google/retry.js';
import { ALL_TABS, FORMS_TAB, SETTINGS_TAB, type TabDef } from '../../../../sheets-templates/index.js';
import { parseSettings } from '../../core/settings.js';
import { gridToTable, type RowRecord } from '../../core/table.js';
import type { Clock } from '../../ports.js';
import { apiCall, PROVISION_SCOPES } from './api-errors.js';
import { ensureCertificatesFolder, type CertificatesFolder } from './certificates-folder.js';
import { formsTabWrites, registeredForms } from './forms-registry.js';
import { provisionForms, type FormOutcome } from './provision-forms.js';
import { sampleValueRanges } from './sample-values.js';
import { defaultResponders, grantResponders, shareWith, type Responders } from './share.js';
import { planProvision, type ProvisionPlan } from './sheets-provision-plan.js';
import { GRID_FIELDS, STRUCTURE_FIELDS, gridRead, spreadsheetState, type SpreadsheetState } from './spreadsheet-state.js';

export { PROVISION_SCOPES } from './api-errors.js';

export const SPREADSHEET_TITLE = '客户经理培训 Customer-manager training';

export interface GoogleApis {
  readonly sheets: sheets_v4.Sheets;
  readonly forms: forms_v1.Forms;
  readonly drive: drive_v3.Drive;
  /** The credentials, when talking to Google (none with GOOGLE_API_ROOT_URL). */
  readonly auth?: GoogleAuth;
}

/**
 * The clients as whoever runs the command (never IMPERSONATE_SERVICE_ACCOUNT: the files should belong to a
 * person). Only idempotent calls are retried: a create whose answer was lost may have made the spreadsheet or form.
 */
export function provisioningApis(rootUrl: string | undefined, retry: RetryPolicy = DEFAULT_RETRY_POLICY): GoogleApis {
  const options = applicationDefaultOptions(rootUrl, PROVISION_SCOPES);
  const requests = googleRequestOptions(retry, IDEMPOTENT_METHODS);
  return {
    sheets: sheets({ version: 'v4', ...options, ...requests }),
    forms: forms({ version: 'v1', ...options, ...requests }),
    drive: drive({ version: 'v3', ...options, ...requests }),
    ...(options.auth === undefined ? {} : { auth: options.auth }),
  };
}

export interface GoogleProvisionOptions {
  /** Upgrade this spreadsheet in place; without it a new one is created. */
  readonly spreadsheetId?: string;
  readonly title?: string;
  /** Rows to write into the (empty) source tabs, by tab name. */
  readonly sample?: ReadonlyMap<string, readonly RowRecord[]>;
  /** E-mail of a person to share the spreadsheet and the forms with as editor. */
  readonly shareWith?: string;
  /** Who may answer the forms; by default the Workspace domain of `shareWith`. */
  readonly responders?: Responders;
  /**
   * The functions' service account, made editor of the spreadsheet and the forms: it writes the one and reads,
   * and owns the watches of, the others.
   */
  readonly serviceAccount?: string;
  /**
   * The certificates' Drive folder: CERTIFICATES_DRIVE_FOLDER_ID when configured, else the shared drive to find
   * or create it in. Neither: the folder is left alone (the report says how to set it up).
   */
  readonly certificates?: { readonly folderId?: string; readonly sharedDriveId?: string };
  readonly clock: Clock;
  readonly tabs?: readonly TabDef[];
}

export interface GoogleProvisionReport {
  readonly spreadsheetId: string;
  readonly url: string;
  readonly created: boolean;
  /** Requests in the structure batch; 0 when the spreadsheet already had everything (no batch was sent). */
  readonly sheetRequests: number;
  readonly plan: ProvisionPlan;
  readonly sampleRows: number;
  readonly forms: readonly FormOutcome[];
  readonly formsTabRanges: number;
  readonly sharedWith?: string;
  readonly serviceAccount?: string;
  /** Who may answer the forms (none said: only their editors can), and how many forms got that permission now. */
  readonly responders?: Responders;
  readonly respondersAdded: number;
  /** The certificates' folder; undefined when none was asked for, null when none was found and there is no shared drive to make it in. */
  readonly certificates?: CertificatesFolder | null;
}

/** Sample data goes only into tabs without data rows, so provisioning can never overwrite anyone's rows. */
export class ProvisionRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProvisionRefusedError';
  }
}

const SHEETS_FIX =
  'Share the spreadsheet as editor with the account running this command, or check SPREADSHEET_ID ' +
  "(the id between /d/ and /edit in its URL). With a person's login, run `gcloud auth application-default login` with the scopes in docs/google.md.";

/** The body of spreadsheets.create: the title and every tab in template order; the batch does the rest. */
export function newSpreadsheet(title: string, tabs: readonly TabDef[]): sheets_v4.Schema$Spreadsheet {
  return {
    properties: { title, locale: 'zh_CN', timeZone: 'Asia/Shanghai' },
    sheets: tabs.map((tab, index) => ({ properties: { sheetId: index + 1, title: tab.name, index } })),
  };
}

async function readState(
  api: sheets_v4.Sheets,
  spreadsheetId: string,
  wholeTabs: ReadonlySet<string>,
  tabs: readonly TabDef[],
): Promise<SpreadsheetState> {
  const what = `read the spreadsheet ${spreadsheetId}`;
  const structure = (await apiCall(what, SHEETS_FIX, () => api.spreadsheets.get({ spreadsheetId, fields: STRUCTURE_FIELDS }))).data;
  const read = gridRead(structure, wholeTabs, tabs);
  const cells =
    read.ranges.length === 0
      ? undefined
      : (await apiCall(what, SHEETS_FIX, () => api.spreadsheets.get({ spreadsheetId, ranges: [...read.ranges], fields: GRID_FIELDS })))
          .data;
  return spreadsheetState(structure, cells, read.tabs);
}

/** The Settings time zone for the Forms tab's updated_at; a Settings tab that does not parse is the recompute's to report. */
function settingsZone(state: SpreadsheetState, plan: ProvisionPlan): string {
  const rows = state.sheets.find((sheet) => sheet.title === SETTINGS_TAB.name)?.grid?.rows ?? [];
  const header = plan.tabs.get(SETTINGS_TAB.name)?.header ?? [];
  try {
    return parseSettings(rows.length === 0 ? undefined : gridToTable(SETTINGS_TAB, [header, ...rows])).time_zone;
  } catch {
    return parseSettings(undefined).time_zone;
  }
}

export async function provisionGoogle(apis: GoogleApis, options: GoogleProvisionOptions): Promise<GoogleProvisionReport> {
  const tabs = options.tabs ?? ALL_TABS;
  const sample = options.sample ?? new Map<string, readonly RowRecord[]>();
  let spreadsheetId = options.spreadsheetId;
  let state: SpreadsheetState;
  const created = spreadsheetId === undefined;
  if (spreadsheetId === undefined) {
    const body = newSpreadsheet(options.title ?? SPREADSHEET_TITLE, tabs);
    const answer = (await apiCall('create the spreadsheet', SHEETS_FIX, () => apis.sheets.spreadsheets.create({ requestBody: body }))).data;
    spreadsheetId = answer.spreadsheetId ?? '';
    if (spreadsheetId === '') throw new Error('spreadsheets.create answered without a spreadsheetId');
    // A spreadsheet made a moment ago has empty tabs: no need to read them.
    state = spreadsheetState(answer, undefined, new Set(tabs.map((tab) => tab.name)));
  } else {
    const whole = new Set([SETTINGS_TAB.name, FORMS_TAB.name, ...sample.keys()]);
    state = await readState(apis.sheets, spreadsheetId, whole, tabs);
  }

  const withData = [...sample.keys()].filter((name) => (state.sheets.find((sheet) => sheet.title === name)?.grid?.rows.length ?? 0) > 0);
  if (withData.length > 0) {
    throw new ProvisionRefusedError(
      `--sample writes only into empty tabs, and ${withData.join(', ')} already hold rows; nothing was changed.`,
    );
  }

  const plan = planProvision(state, { tabs, rowsToWrite: new Map([...sample].map(([name, rows]) => [name, rows.length])) });
  const id = spreadsheetId;
  if (plan.requests.length > 0) {
    await apiCall(`update the spreadsheet ${id}`, SHEETS_FIX, () =>
      apis.sheets.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests: [...plan.requests] } }),
    );
  }

  const sampleRanges = sampleValueRanges(plan.tabs, sample);
  if (sampleRanges.length > 0) {
    await apiCall(`write the sample rows into ${id}`, SHEETS_FIX, () =>
      apis.sheets.spreadsheets.values.batchUpdate({ spreadsheetId: id, requestBody: { valueInputOption: 'RAW', data: sampleRanges } }),
    );
  }

  const formsHeader = plan.tabs.get(FORMS_TAB.name)?.header ?? [];
  const formsRows = state.sheets.find((sheet) => sheet.title === FORMS_TAB.name)?.grid?.rows ?? [];
  const registered = registeredForms(formsHeader, formsRows);
  const outcomes = await provisionForms(apis.forms, registered);
  const updatedAt =
    options.clock.now().setZone(settingsZone(state, plan)).toISO({ suppressMilliseconds: true }) ?? options.clock.now().toISO() ?? '';
  const writes = formsTabWrites(formsHeader, formsRows.length, registered, outcomes, updatedAt);
  if (writes.length > 0) {
    await apiCall(`record the forms in the Forms tab of ${id}`, SHEETS_FIX, () =>
      apis.sheets.spreadsheets.values.batchUpdate({ spreadsheetId: id, requestBody: { valueInputOption: 'RAW', data: writes } }),
    );
  }

  const sharing = await share(apis.drive, id, outcomes, options);
  const certificates = await certificatesFolder(apis.drive, options);

  return {
    spreadsheetId: id,
    url: state.url !== '' ? state.url : `https://docs.google.com/spreadsheets/d/${id}/edit`,
    created,
    sheetRequests: plan.requests.length,
    plan,
    sampleRows: [...sample.values()].reduce((sum, rows) => sum + rows.length, 0),
    forms: outcomes,
    formsTabRanges: writes.length,
    ...sharing,
    ...certificates,
  };
}

/** Only when asked for: a spreadsheet's provisioning needs no Drive folder. */
async function certificatesFolder(
  drive: drive_v3.Drive,
  options: GoogleProvisionOptions,
): Promise<Pick<GoogleProvisionReport, 'certificates'>> {
  if (options.certificates === undefined) return {};
  const { folderId, sharedDriveId } = options.certificates;
  const folder = await ensureCertificatesFolder(drive, {
    ...(folderId === undefined ? {} : { folderId }),
    ...(sharedDriveId === undefined ? {} : { sharedDriveId }),
    ...(options.serviceAccount === undefined ? {} : { serviceAccount: options.serviceAccount }),
  });
  return { certificates: folder ?? null };
}

/** Editors (the person, the functions' account) of everything, and who may answer the forms. */
async function share(
  drive: drive_v3.Drive,
  spreadsheetId: string,
  outcomes: readonly FormOutcome[],
  options: GoogleProvisionOptions,
): Promise<Pick<GoogleProvisionReport, 'sharedWith' | 'serviceAccount' | 'responders' | 'respondersAdded'>> {
  const formIds = outcomes.map((form) => form.formId);
  if (options.shareWith !== undefined) await shareWith(drive, [spreadsheetId, ...formIds], options.shareWith);
  if (options.serviceAccount !== undefined) await shareWith(drive, [spreadsheetId, ...formIds], options.serviceAccount, { notify: false });
  const responders = options.responders ?? defaultResponders(options.shareWith);
  const respondersAdded = responders === undefined ? 0 : await grantResponders(drive, formIds, responders);
  return {
    ...(options.shareWith === undefined ? {} : { sharedWith: options.shareWith }),
    ...(options.serviceAccount === undefined ? {} : { serviceAccount: options.serviceAccount }),
    ...(responders === undefined ? {} : { responders }),
    respondersAdded,
  };
}
