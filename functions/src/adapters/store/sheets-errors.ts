// Failures of Sheets API calls as StoreError codes, with messages that say what to do about them.
import { parseA1Range } from '../../core/a1.js';
import {
  isApiCallError,
  isCredentialsKind,
  mapGoogleFailure,
  readFailure,
  scopeMissingWords,
  serviceDisabledWords,
  type ApiFailure,
  type FailureMessages,
} from '../google/errors.js';
import { StoreError } from '../../ports.js';
import { SCOPES } from '../google/clients.js';

export interface FailureContext {
  readonly spreadsheetId: string;
  readonly operation: 'read' | 'write';
  /** Attempts made, retries included, for "after 5 tries". */
  readonly tries: number;
  /** The service account the function acts as, when known. */
  readonly principal?: string;
}

/** The failure of an API call, or undefined for any other error (a bug around the call). */
export function apiFailure(error: unknown): ApiFailure | undefined {
  return isApiCallError(error) ? readFailure(error) : undefined;
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
  return new StoreError(
    'TAB_MISSING',
    `Spreadsheet ${spreadsheetId} has no tab "${tab}"; run \`npm run cli -- provision --google\` to add the missing tabs`,
  );
}

function sheetsMessages(context: FailureContext): FailureMessages {
  const id = context.spreadsheetId;
  const after = `after ${context.tries} ${context.tries === 1 ? 'try' : 'tries'}`;
  return {
    impersonationRefused: (failure) =>
      `Impersonating IMPERSONATE_SERVICE_ACCOUNT failed: grant your account the Service Account Token Creator role ` +
      `(roles/iam.serviceAccountTokenCreator) on that service account and enable the IAM Service Account Credentials API (${failure.message})`,
    noCredentials: (failure) =>
      `No usable Google credentials: run \`gcloud auth application-default login\` (with IMPERSONATE_SERVICE_ACCOUNT set), ` +
      `or point GOOGLE_APPLICATION_CREDENTIALS at a service-account key file; a deployed function uses its service account (${failure.message})`,
    noAnswer: (failure) => `The Sheets API could not be reached ${after} (${failure.code ?? failure.message}); try again later`,
    unauthenticated: (failure) =>
      `Google rejected the credentials (401: ${failure.message}); renew them with \`gcloud auth application-default login\` or check GOOGLE_APPLICATION_CREDENTIALS`,
    serviceDisabled: (failure) => `Spreadsheet ${id} cannot be reached: ${serviceDisabledWords(failure)}`,
    scopeMissing: (failure) => `No access to spreadsheet ${id}: ${scopeMissingWords([SCOPES.spreadsheets])(failure)}`,
    forbidden: (failure) =>
      `No access to spreadsheet ${id}: share the spreadsheet ${id} with ${context.principal ?? "the function's service account"} as an editor (403: ${failure.message})`,
    notFound: (failure) =>
      `Spreadsheet ${id} was not found: check SPREADSHEET_ID, the part of the sheet's URL between /d/ and /edit (404: ${failure.message})`,
    rateLimited: (failure) =>
      `The Sheets API kept refusing for lack of quota, retried for about a minute (429: ${failure.message}); Google allows the ` +
      `one account the functions share 60 reads and 60 writes a minute: try again in a minute`,
    serverError: (failure) => `The Sheets API failed ${after} (${failure.status}: ${failure.message}); try again later`,
    refused: (failure) => `The Sheets API refused to ${context.operation} spreadsheet ${id} (${failure.status}: ${failure.message})`,
  };
}

/** The StoreError for a failed call, or undefined when the error is not about the API (a bug: let it through). */
export function storeErrorFor(error: unknown, context: FailureContext): StoreError | undefined {
  const mapped = mapGoogleFailure(error, sheetsMessages(context), context.operation === 'read' ? 'UNREADABLE' : 'WRITE_FAILED');
  if (isCredentialsKind(mapped.kind)) return new StoreError(mapped.code, mapped.message);
  if (!isApiCallError(error)) return undefined;
  const { failure } = mapped;
  const missing = missingTabOf(failure);
  if (missing !== undefined) return tabMissing(context.spreadsheetId, missing);
  if (failure.status === 400 && /above the limit of [\d,]+ cells/i.test(failure.message)) {
    return new StoreError(
      'CAPACITY',
      `Spreadsheet ${context.spreadsheetId} is full: ${failure.message}. Archive last year's rows to another spreadsheet, or delete unused rows and columns, then resubmit.`,
    );
  }
  // Google's quotas refill each minute: that is when a caller refused for quota may try again.
  return new StoreError(mapped.code, mapped.message, mapped.code === 'RATE_LIMITED' ? RATE_LIMIT_RETRY_AFTER_SECONDS : undefined);
}

/** What a 429 answer's Retry-After says when the Sheets quota stayed exhausted: the quotas are per minute. */
export const RATE_LIMIT_RETRY_AFTER_SECONDS = 60;
