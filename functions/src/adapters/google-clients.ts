// Options every Google API client is built with: the API root and the credentials (ADC, impersonation, or none for a fake).
import { GoogleAuth, Impersonated } from 'google-auth-library';

export interface GoogleClientConfig {
  /** When set, every client talks to this base URL (a local fake) and sends no credentials. */
  readonly googleApiRootUrl?: string;
  /** When set, act as this service account through the ambient credentials (local runs). */
  readonly impersonateServiceAccount?: string;
}

/** What `sheets({ version: 'v4', ...options })`, `gmail(...)` and `forms(...)` take. */
export interface GoogleClientOptions {
  readonly rootUrl?: string;
  readonly auth?: GoogleAuth;
}

/** The scope the ambient credentials need to mint a token for an impersonated service account. */
const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';

/**
 * Root URL and credentials for a Google API client with the given scopes. Application Default Credentials
 * cover a deployed function (its service account) and a key file named by GOOGLE_APPLICATION_CREDENTIALS;
 * with IMPERSONATE_SERVICE_ACCOUNT the ambient credentials (`gcloud auth application-default login`) act as
 * that account. `ambient` is injectable so tests need no credentials on the machine.
 */
export async function googleClientOptions(
  config: GoogleClientConfig,
  scopes: readonly string[],
  ambient: GoogleAuth = new GoogleAuth({ scopes: [CLOUD_PLATFORM] }),
): Promise<GoogleClientOptions> {
  if (config.googleApiRootUrl !== undefined) return { rootUrl: config.googleApiRootUrl };
  if (config.impersonateServiceAccount === undefined) return { auth: new GoogleAuth({ scopes: [...scopes] }) };
  const impersonated = new Impersonated({
    sourceClient: await ambient.getClient(),
    targetPrincipal: config.impersonateServiceAccount,
    targetScopes: [...scopes],
  });
  return { auth: new GoogleAuth({ authClient: impersonated }) };
}

/**
 * The service account the client acts as, for messages such as "share the spreadsheet with …"; undefined
 * when it cannot be told (no credentials, user credentials, or the metadata server does not answer).
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
