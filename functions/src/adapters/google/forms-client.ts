// The Forms API client the form triggers use: the shared root URL / credentials rule and retry options, with the Forms scopes and pace.
import { forms, type forms_v1 } from '@googleapis/forms';
import { applicationDefaultOptions, googleClientOptions, SCOPES, serviceAccountEmail, type GoogleClientConfig } from './clients.js';
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

/** Watches belong to the account that creates them; the CLI refuses to make them as anyone but a service account. */
export class WatchOwnerError extends Error {
  constructor() {
    super(
      "Forms watches belong to the account that creates them, and notifications stop when it loses edit access: create and renew them only as the functions' " +
        'service account. Set IMPERSONATE_SERVICE_ACCOUNT to its e-mail (your login needs roles/iam.serviceAccountTokenCreator on it), ' +
        'or run the deployed job instead: gcloud scheduler jobs run training-watches --location=REGION',
    );
    this.name = 'WatchOwnerError';
  }
}

/**
 * The Forms client as the functions' service account, for commands run by a person (renew-watches): through
 * IMPERSONATE_SERVICE_ACCOUNT, or a service-account key in GOOGLE_APPLICATION_CREDENTIALS; a person's own login
 * is refused. `account` names who the watches will belong to.
 */
export async function formsClientAsServiceAccount(
  config: Pick<GoogleClientConfig, 'googleApiRootUrl' | 'impersonateServiceAccount'>,
  keyFile: string | undefined = process.env['GOOGLE_APPLICATION_CREDENTIALS'],
  retry: RetryPolicy = FORMS_RETRY_POLICY,
): Promise<{ readonly client: forms_v1.Forms; readonly account: string }> {
  const options = await googleClientOptions(config, FORMS_SCOPES);
  const client = forms({ version: 'v1', ...options, ...googleRequestOptions(retry, IDEMPOTENT_METHODS) });
  if (config.googleApiRootUrl !== undefined) return { client, account: `the account of ${config.googleApiRootUrl}` };
  // Only a key file is asked for its account: without one, google-auth-library would look for a metadata server.
  const account = config.impersonateServiceAccount ?? (keyFile ? await serviceAccountEmail(options) : undefined);
  if (account === undefined) throw new WatchOwnerError();
  return { client, account };
}
