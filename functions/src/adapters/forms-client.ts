// The Forms API client: Application Default Credentials with read-only scopes, or a local fake's base URL and no credentials.
// To be merged into adapters/google-clients.ts (being written alongside), which builds every Google client this way.
import { forms, type forms_v1 } from '@googleapis/forms';
import { GoogleAuth } from 'google-auth-library';

/** Reading forms and responses and managing watches needs nothing more. */
export const FORMS_SCOPES = ['https://www.googleapis.com/auth/forms.responses.readonly', 'https://www.googleapis.com/auth/forms.body.readonly'] as const;

export interface FormsClientOptions {
  /** Retries of 429/5xx inside one call (gaxios); tests turn them off, Pub/Sub redelivery is the retry that matters. */
  readonly retryConfig?: forms_v1.Options['retryConfig'];
  /** Milliseconds before a call that gets no answer fails. */
  readonly timeoutMs?: number;
}

/**
 * With `googleApiRootUrl` set (tests, emulators) every call goes there with no auth client at all;
 * otherwise to Google with ADC: the function's service account, which must be able to read the forms.
 */
export function formsClient(settings: { readonly googleApiRootUrl?: string }, options: FormsClientOptions = {}): forms_v1.Forms {
  const common = { version: 'v1' as const, timeout: options.timeoutMs ?? 30_000, ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}) };
  if (settings.googleApiRootUrl !== undefined) return forms({ ...common, rootUrl: settings.googleApiRootUrl });
  return forms({ ...common, auth: new GoogleAuth({ scopes: [...FORMS_SCOPES] }) });
}
