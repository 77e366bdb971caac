// Where every Google API client sends its calls and with which credentials: a local fake's root URL and none, or Google with ADC, impersonation or a caller's own.
import { GoogleAuth, Impersonated } from 'google-auth-library';

/** The OAuth scopes the clients ask for, each only as wide as its job. */
export const SCOPES = {
  /** What ambient credentials need to mint tokens as another account (impersonation, IAM signing). */
  cloudPlatform: 'https://www.googleapis.com/auth/cloud-platform',
  /** Every spreadsheet the account can open; nothing else in Drive. */
  spreadsheets: 'https://www.googleapis.com/auth/spreadsheets',
  formsBody: 'https://www.googleapis.com/auth/forms.body',
  formsBodyReadonly: 'https://www.googleapis.com/auth/forms.body.readonly',
  formsResponsesReadonly: 'https://www.googleapis.com/auth/forms.responses.readonly',
  /** Only the files this app created or was given: enough to share the spreadsheet and forms it made. */
  driveFile: 'https://www.googleapis.com/auth/drive.file',
  /**
   * All of Drive the account can reach: for the functions' service account, only what is shared with it (the certificates
   * folder). drive.file would not do: it covers files the app created or a user opened with it through a picker, not a
   * folder shared by a person, so an upload into that folder is answered 404.
   */
  drive: 'https://www.googleapis.com/auth/drive',
  gmailSend: 'https://www.googleapis.com/auth/gmail.send',
  gmailReadonly: 'https://www.googleapis.com/auth/gmail.readonly',
} as const;

export interface GoogleClientConfig {
  /** When set, every client talks to this base URL (a local fake) and sends no credentials. */
  readonly googleApiRootUrl?: string | undefined;
  /** When set, act as this service account through the ambient credentials (local runs). */
  readonly impersonateServiceAccount?: string | undefined;
}

/** What `sheets({ version: 'v4', ...options })`, `forms(...)`, `drive(...)` and `gmail(...)` take. */
export interface GoogleClientOptions<Auth = GoogleAuth> {
  readonly rootUrl?: string;
  readonly auth?: Auth;
  /** Query parameters of every call the client makes (googleapis-common merges a client's global `params` into each). */
  readonly params?: typeof COMPACT_ANSWERS;
}

/**
 * `prettyPrint` is a standard query parameter of every Google API, true by default: answers come indented, which
 * makes a values.batchGet of a year's rows about 1.7 times the bytes. Every client asks for compact JSON.
 */
export const COMPACT_ANSWERS = { prettyPrint: false } as const;

/**
 * The rule every client follows: with a root URL (GOOGLE_API_ROOT_URL, a local fake in tests) it talks there
 * with no credentials at all, so a test can never reach Google by accident; without one, to Google with what
 * `credentials` builds (only then, so no credentials are looked for against a fake).
 */
export function clientOptions<Auth>(rootUrl: string | undefined, credentials: () => Auth): GoogleClientOptions<Auth> {
  return rootUrl === undefined ? { auth: credentials(), params: COMPACT_ANSWERS } : { rootUrl, params: COMPACT_ANSWERS };
}

/**
 * Application Default Credentials with the given scopes: a deployed function's service account, the key file
 * named by GOOGLE_APPLICATION_CREDENTIALS, or a person's `gcloud auth application-default login`. For callers
 * that must act as whoever runs them, never as IMPERSONATE_SERVICE_ACCOUNT (provisioning, the Forms watch).
 */
export function applicationDefaultOptions(rootUrl: string | undefined, scopes: readonly string[]): GoogleClientOptions {
  return clientOptions(rootUrl, () => new GoogleAuth({ scopes: [...scopes] }));
}

/**
 * Root URL and credentials for a client acting as the function: Application Default Credentials, or with
 * IMPERSONATE_SERVICE_ACCOUNT the ambient credentials (`gcloud auth application-default login`) acting as that
 * account. `ambient` is injectable so tests need no credentials on the machine.
 */
export async function googleClientOptions(
  config: GoogleClientConfig,
  scopes: readonly string[],
  ambient: GoogleAuth = new GoogleAuth({ scopes: [SCOPES.cloudPlatform] }),
): Promise<GoogleClientOptions> {
  const account = config.impersonateServiceAccount;
  if (config.googleApiRootUrl !== undefined || account === undefined) return applicationDefaultOptions(config.googleApiRootUrl, scopes);
  const impersonated = new Impersonated({ sourceClient: await ambient.getClient(), targetPrincipal: account, targetScopes: [...scopes] });
  return { auth: new GoogleAuth({ authClient: impersonated }), params: COMPACT_ANSWERS };
}

/**
 * The service account the client acts as, for messages such as "share the spreadsheet with …"; undefined
 * when it cannot be told (no credentials, a person's login, or the metadata server does not answer).
 */
export async function serviceAccountEmail(options: GoogleClientOptions): Promise<string | undefined> {
  if (!options.auth) return undefined;
  try {
    const credentials = await options.auth.getCredentials();
    return credentials.client_email ?? undefined;
  } catch {
    return undefined;
  }
}
