// Failures of Sheets API calls as StoreError codes, with messages that say what to do about them.
import { parseA1Range } from '../core/a1.js';
import { StoreError } from './store-errors.js';

/** What a failed call tells: the HTTP status (none when no answer came), Google's words, the transport's code. */
export interface ApiFailure {
  readonly status?: number;
  readonly message: string;
  readonly code?: string;
}

export interface FailureContext {
  readonly spreadsheetId: string;
  readonly operation: 'read' | 'write';
  /** Attempts made, retries included, for "after 5 tries". */
  readonly tries: number;
  /** The service account the function acts as, when known. */
  readonly principal?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** What the transport said of a failure without an answer (ECONNREFUSED, TimeoutError), however deep fetch nested it. */
function transportCode(error: unknown): string | undefined {
  let innermost: string | undefined;
  for (let cause = error, depth = 0; isRecord(cause) && depth < 4; cause = cause['cause'], depth += 1) {
    const code = cause['code'];
    if (typeof code === 'string' || typeof code === 'number') return String(code);
    if (depth > 0 && typeof cause['message'] === 'string') innermost = cause['message'];
  }
  return innermost;
}

/** The failure of an API call (a gaxios error: it carries the request config), or undefined for any other error. */
export function apiFailure(error: unknown): ApiFailure | undefined {
  if (!(error instanceof Error) || !('config' in error)) return undefined;
  const response = 'response' in error && isRecord(error.response) ? error.response : undefined;
  const status = typeof response?.['status'] === 'number' ? response['status'] : undefined;
  const body = response?.['data'];
  const googleMessage = isRecord(body) && isRecord(body['error']) && typeof body['error']['message'] === 'string' ? body['error']['message'] : undefined;
  const code = transportCode(error);
  return { ...(status === undefined ? {} : { status }), message: googleMessage ?? error.message, ...(code === undefined ? {} : { code }) };
}

/** The tab a 400 "Unable to parse range: 'Scores'!1:1" is about: the API's answer when a tab does not exist. */
export function missingTabOf(failure: ApiFailure): string | undefined {
  if (failure.status !== 400) return undefined;
  const match = /Unable to parse range:\s*(.+)$/.exec(failure.message.trim());
  return match?.[1] === undefined ? undefined : parseA1Range(match[1].trim())?.tab;
}

/** A write the API refused because the grid changed under the cached layout: rows deleted, a tab recreated. */
export function isStaleGrid(failure: ApiFailure): boolean {
  return failure.status === 400 && /exceeds grid limits|no grid with id|beyond the last/i.test(failure.message);
}

export function tabMissing(spreadsheetId: string, tab: string): StoreError {
  return new StoreError('TAB_MISSING', `Spreadsheet ${spreadsheetId} has no tab "${tab}"; run \`npm run cli -- provision --google\` to add the missing tabs`);
}

/** Credentials that could not be found or used, before any call reached the Sheets API. */
function credentialsProblem(error: unknown): StoreError | undefined {
  const message = error instanceof Error ? error.message : '';
  if (/unable to impersonate/i.test(message)) {
    return new StoreError(
      'NOT_AUTHORIZED',
      `Impersonating IMPERSONATE_SERVICE_ACCOUNT failed: grant your account the Service Account Token Creator role ` +
        `(roles/iam.serviceAccountTokenCreator) on that service account and enable the IAM Service Account Credentials API (${message})`,
    );
  }
  if (/could not load the default credentials|no credentials|invalid_grant|invalid_rapt/i.test(message)) {
    return new StoreError(
      'NOT_AUTHORIZED',
      `No usable Google credentials: run \`gcloud auth application-default login\` (with IMPERSONATE_SERVICE_ACCOUNT set), ` +
        `or point GOOGLE_APPLICATION_CREDENTIALS at a service-account key file; a deployed function uses its service account (${message})`,
    );
  }
  return undefined;
}

/** The StoreError for a failed call, or undefined when the error is not about the API (a bug: let it through). */
export function storeErrorFor(error: unknown, context: FailureContext): StoreError | undefined {
  const credentials = credentialsProblem(error);
  if (credentials) return credentials;
  const failure = apiFailure(error);
  if (!failure) return undefined;
  const id = context.spreadsheetId;
  const after = `after ${context.tries} ${context.tries === 1 ? 'try' : 'tries'}`;
  const { status } = failure;
  if (status === undefined) {
    return new StoreError('UNAVAILABLE', `The Sheets API could not be reached ${after} (${failure.code ?? failure.message}); try again later`);
  }
  const missing = missingTabOf(failure);
  if (missing !== undefined) return tabMissing(id, missing);
  if (status === 400 && /above the limit of [\d,]+ cells/i.test(failure.message)) {
    return new StoreError(
      'CAPACITY',
      `Spreadsheet ${id} is full: ${failure.message}. Archive last year's rows to another spreadsheet, or delete unused rows and columns, then resubmit.`,
    );
  }
  if (status === 401) {
    return new StoreError('NOT_AUTHORIZED', `Google rejected the credentials (401: ${failure.message}); renew them with \`gcloud auth application-default login\` or check GOOGLE_APPLICATION_CREDENTIALS`);
  }
  if (status === 403) {
    const who = context.principal ?? "the function's service account";
    return new StoreError('NOT_AUTHORIZED', `No access to spreadsheet ${id}: share the spreadsheet ${id} with ${who} as an editor (403: ${failure.message})`);
  }
  if (status === 404) {
    return new StoreError('NOT_FOUND', `Spreadsheet ${id} was not found: check SPREADSHEET_ID, the part of the sheet's URL between /d/ and /edit (404: ${failure.message})`);
  }
  if (status === 429) {
    return new StoreError('RATE_LIMITED', `The Sheets API is rate-limiting this project ${after} (429: ${failure.message}); try again in a minute`);
  }
  if (status >= 500) {
    return new StoreError('UNAVAILABLE', `The Sheets API failed ${after} (${status}: ${failure.message}); try again later`);
  }
  return context.operation === 'read'
    ? new StoreError('UNREADABLE', `The Sheets API refused to read spreadsheet ${id} (${status}: ${failure.message})`)
    : new StoreError('WRITE_FAILED', `The Sheets API refused to write spreadsheet ${id} (${status}: ${failure.message})`);
}
