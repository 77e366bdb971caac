// Turns a failed Google API call during provisioning into a StoreError code with a message that says what to do.
import { SCOPES } from '../../adapters/google/clients.js';
import {
  mapGoogleFailure,
  scopeMissingWords,
  serviceDisabledWords,
  type ApiFailure,
  type FailureMessages,
} from '../../adapters/google/errors.js';
import { StoreError } from '../../ports.js';

/** What provisioning asks of whoever runs it: the spreadsheets, the forms and the files it created. */
export const PROVISION_SCOPES = [SCOPES.spreadsheets, SCOPES.formsBody, SCOPES.driveFile] as const;

/** Google's words without the final full stop, so the advice that follows reads as a new sentence. */
function detail(failure: ApiFailure): string {
  return failure.message.replace(/\.+$/, '');
}

function provisioningMessages(what: string, fix: string): FailureMessages {
  return {
    noCredentials: () =>
      `Could not ${what}: no usable Google credentials were found. Log in with \`gcloud auth application-default login\` and the scopes ` +
      'in docs/google.md ("Provision the spreadsheet and forms"), or set GOOGLE_APPLICATION_CREDENTIALS.',
    noAnswer: (failure) => `Could not ${what}: ${detail(failure)}. Check the network (or GOOGLE_API_ROOT_URL) and run the command again.`,
    unauthenticated: (failure) => `Could not ${what}: ${detail(failure)}. ${fix}`,
    forbidden: (failure) => `Could not ${what}: ${detail(failure)}. ${fix}`,
    scopeMissing: (failure) => `Could not ${what}: ${scopeMissingWords(PROVISION_SCOPES)(failure)}`,
    serviceDisabled: (failure) => `Could not ${what}: ${serviceDisabledWords(failure)}`,
    notFound: () => `Could not ${what}: it does not exist or is not shared with these credentials. ${fix}`,
    rateLimited: (failure) =>
      `Could not ${what}: Google's rate limit was reached (${detail(failure)}). Wait a minute and run the command again; it continues where it stopped.`,
    serverError: (failure) =>
      `Could not ${what}: Google answered ${failure.status} (${detail(failure)}). Run the command again; it continues where it stopped.`,
    refused: (failure) => `Could not ${what}: Google refused the request (${failure.status}: ${detail(failure)}).`,
  };
}

/**
 * `what` names the call and its object ("read the spreadsheet 1AbC…"), `fix` says what to do about
 * permissions for that object; both end up in the message people read.
 */
export function provisioningError(error: unknown, what: string, fix: string): StoreError {
  if (error instanceof StoreError) return error;
  const { code, message } = mapGoogleFailure(error, provisioningMessages(what, fix), 'WRITE_FAILED');
  return new StoreError(code, message);
}

/** Run one API call, converting its failure. */
export async function apiCall<T>(what: string, fix: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw provisioningError(error, what, fix);
  }
}
