// Options for the Google API clients: Application Default Credentials, or a local fake's base URL and no credentials.
// To be merged with functions/src/adapters/google-clients.ts (written in parallel for the Sheets store), which does the same.
import { GoogleAuth } from 'google-auth-library';

export const SCOPES = {
  spreadsheets: 'https://www.googleapis.com/auth/spreadsheets',
  formsBody: 'https://www.googleapis.com/auth/forms.body',
  /** Only the files this app created or was given: enough to share the spreadsheet and forms it made. */
  driveFile: 'https://www.googleapis.com/auth/drive.file',
} as const;

export interface GoogleClientOptions {
  readonly rootUrl?: string;
  readonly auth?: GoogleAuth;
}

/**
 * With a root URL (GOOGLE_API_ROOT_URL, a local fake in tests) every client talks to it without
 * credentials, so a test can never reach Google by accident; without one, ADC with the given scopes.
 */
export function googleClientOptions(rootUrl: string | undefined, scopes: readonly string[]): GoogleClientOptions {
  if (rootUrl !== undefined) return { rootUrl };
  return { auth: new GoogleAuth({ scopes: [...scopes] }) };
}
