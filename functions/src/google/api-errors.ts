// Turns a failed Google API call during provisioning into a StoreError code with a message that says what to do.
import { StoreError } from '../adapters/store-errors.js';

interface ApiFailure {
  readonly status?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly response?: { readonly status?: unknown; readonly data?: { readonly error?: { readonly message?: unknown } } };
}

function statusOf(error: ApiFailure): number | undefined {
  const status = error.status ?? error.response?.status;
  return typeof status === 'number' ? status : undefined;
}

function apiMessage(error: ApiFailure): string {
  const message = error.response?.data?.error?.message ?? error.message;
  return typeof message === 'string' ? message : 'no message';
}

/**
 * `what` names the call and its object ("read the spreadsheet 1AbC…"), `fix` says what to do about
 * permissions for that object; both end up in the message people read.
 */
export function provisioningError(error: unknown, what: string, fix: string): StoreError {
  if (error instanceof StoreError) return error;
  const failure = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ApiFailure;
  const status = statusOf(failure);
  const detail = apiMessage(failure).replace(/\.+$/, '');
  if (status === undefined && /default credentials/i.test(detail)) {
    return new StoreError(
      'NOT_AUTHORIZED',
      `Could not ${what}: no Google credentials were found. Log in with \`gcloud auth application-default login\` and the scopes ` +
        'in the README ("Provision the spreadsheet and forms"), or set GOOGLE_APPLICATION_CREDENTIALS.',
    );
  }
  if (status === 401 || status === 403) {
    return new StoreError('NOT_AUTHORIZED', `Could not ${what}: ${detail}. ${fix}`);
  }
  if (status === 404) return new StoreError('NOT_FOUND', `Could not ${what}: it does not exist or is not shared with these credentials. ${fix}`);
  if (status === 429) return new StoreError('RATE_LIMITED', `Could not ${what}: Google's rate limit was reached (${detail}). Wait a minute and run the command again; it continues where it stopped.`);
  if (status !== undefined && status >= 500) {
    return new StoreError('UNAVAILABLE', `Could not ${what}: Google answered ${status} (${detail}). Run the command again; it continues where it stopped.`);
  }
  if (status === undefined) {
    return new StoreError('UNAVAILABLE', `Could not ${what}: ${detail}. Check the network (or GOOGLE_API_ROOT_URL) and run the command again.`);
  }
  return new StoreError('WRITE_FAILED', `Could not ${what}: Google refused the request (${status}: ${detail}).`);
}

/** Run one API call, converting its failure. */
export async function apiCall<T>(what: string, fix: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw provisioningError(error, what, fix);
  }
}
