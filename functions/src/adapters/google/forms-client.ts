// The Forms API client the form triggers use: the shared root URL / credentials rule and retry options, with the Forms scopes and pace.
import { forms, type forms_v1 } from '@googleapis/forms';
import { applicationDefaultOptions, SCOPES, type GoogleClientConfig } from './clients.js';
import { googleRequestOptions, IDEMPOTENT_METHODS, type RetryPolicy } from './retry.js';

/** Reading forms and responses and managing watches needs nothing more. */
export const FORMS_SCOPES = [SCOPES.formsResponsesReadonly, SCOPES.formsBodyReadonly] as const;

/**
 * gaxios's own pace (four tries, 0.1 s then 0.5 s and 1.5 s), each waiting 30 s for an answer: within a call
 * only a short outage is bridged, the retry that matters is Pub/Sub's redelivery of the notification.
 */
export const FORMS_RETRY_POLICY: RetryPolicy = { tries: 4, firstDelayMs: 100, maxDelayMs: 32_000, timeoutMs: 30_000 };

/**
 * At GOOGLE_API_ROOT_URL without credentials, or at Google with Application Default Credentials: the function's
 * service account, which must be able to read the forms. POSTs (creating, renewing a watch) are not sent again
 * within a call: one whose answer was lost may have made a watch, and a second a duplicate.
 */
export function formsClient(config: Pick<GoogleClientConfig, 'googleApiRootUrl'>, retry: RetryPolicy = FORMS_RETRY_POLICY): forms_v1.Forms {
  return forms({
    version: 'v1',
    ...applicationDefaultOptions(config.googleApiRootUrl, FORMS_SCOPES),
    ...googleRequestOptions(retry, IDEMPOTENT_METHODS),
  });
}
