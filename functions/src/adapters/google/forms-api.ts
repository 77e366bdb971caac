// The Forms API port on the googleapis client: paging done, failures turned into codes that say what to do.
import type { forms_v1 } from '@googleapis/forms';
import { FormsApiError, type FormsApi } from '../../ports.js';
import {
  mapGoogleFailure,
  scopeMissingWords,
  serviceDisabledWords,
  type AnsweredFailure,
  type ApiFailure,
  type FailureMessages,
} from './errors.js';
import { FORMS_SCOPES } from './forms-client.js';

function formsMessages(what: string): FailureMessages {
  const said = (failure: ApiFailure) => ` (the API said: ${failure.message})`;
  const unauthorized = (failure: AnsweredFailure) =>
    `Could not ${what} (HTTP ${failure.status})${said(failure)}: enable the Google Forms API in the project and share the form with the function's service account`;
  return {
    noAnswer: (failure) => `Could not ${what}: the Forms API did not answer (${failure.message}); the call is retried`,
    unauthenticated: unauthorized,
    forbidden: (failure) =>
      `Could not ${what} (HTTP 403)${said(failure)}: share the form as editor with the functions' service account (provisioning does; see the Forms tab)`,
    scopeMissing: (failure) => `Could not ${what}: ${scopeMissingWords(FORMS_SCOPES)(failure)}`,
    serviceDisabled: (failure) => `Could not ${what}: ${serviceDisabledWords(failure)}`,
    notFound: (failure) => `Could not ${what}: no such form or watch (HTTP 404)${said(failure)}; check form_id in the Forms tab`,
    rateLimited: () => `Could not ${what}: Forms API quota exhausted (HTTP 429); the call is retried`,
    serverError: (failure) => `Could not ${what}: the Forms API failed (HTTP ${failure.status}); the call is retried`,
    refused: (failure) => `Could not ${what} (HTTP ${failure.status})${said(failure)}`,
  };
}

/** A failed call as a FormsApiError; `what` completes "could not …" in the message. */
export function formsApiError(error: unknown, what: string): FormsApiError {
  if (error instanceof FormsApiError) return error;
  const { code, message, failure } = mapGoogleFailure(error, formsMessages(what), 'INVALID_REQUEST');
  if (failure.status === 400 && failure.canonical === 'FAILED_PRECONDITION') {
    return new FormsApiError(
      'FAILED_PRECONDITION',
      `Could not ${what}: a watch of this form for the same events exists already (the API said: ${failure.message}); ` +
        'Google keeps one per account, form and event type, and only the account that made it can see or renew it',
      failure.status,
    );
  }
  return new FormsApiError(code, message, failure.status);
}

/** Failures that a later try may not meet: quota and outages, never a wrong id or a missing permission. */
export function isTransientFormsError(error: unknown): boolean {
  return error instanceof FormsApiError && (error.code === 'RATE_LIMITED' || error.code === 'UNAVAILABLE');
}

async function call<T>(what: string, run: () => Promise<{ data: T }>): Promise<T> {
  try {
    return (await run()).data;
  } catch (error) {
    throw formsApiError(error, what);
  }
}

/** Pages are bounded so a form with a long history is read in several calls, never one huge answer. */
const PAGE_SIZE = 500;

export function formsApi(client: forms_v1.Forms): FormsApi {
  return {
    getForm: (formId) => call(`read form ${formId}`, () => client.forms.get({ formId })),

    async listResponses(formId, since) {
      const filter = since === undefined ? undefined : `timestamp >= ${since}`;
      const responses: forms_v1.Schema$FormResponse[] = [];
      let pageToken: string | undefined;
      do {
        const token = pageToken;
        const page = await call(`list the responses of form ${formId}`, () =>
          client.forms.responses.list({
            formId,
            pageSize: PAGE_SIZE,
            ...(filter === undefined ? {} : { filter }),
            ...(token === undefined ? {} : { pageToken: token }),
          }),
        );
        responses.push(...(page.responses ?? []));
        pageToken = page.nextPageToken ?? undefined;
      } while (pageToken);
      return responses;
    },

    async listWatches(formId) {
      const page = await call(`list the watches of form ${formId}`, () => client.forms.watches.list({ formId }));
      return page.watches ?? [];
    },

    createWatch: (formId, topicName) =>
      call(`create a watch on form ${formId}`, () =>
        client.forms.watches.create({ formId, requestBody: { watch: { eventType: 'RESPONSES', target: { topic: { topicName } } } } }),
      ),

    renewWatch: (formId, watchId) =>
      call(`renew watch ${watchId} of form ${formId}`, () => client.forms.watches.renew({ formId, watchId })),

    async deleteWatch(formId, watchId) {
      await call(`delete watch ${watchId} of form ${formId}`, () => client.forms.watches.delete({ formId, watchId }));
    },
  };
}
