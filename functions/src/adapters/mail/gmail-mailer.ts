// Mailer over the Gmail API: users.messages.send with the composed message, as the configured Workspace sender.
import { gmail, type gmail_v1 } from '@googleapis/gmail';
import type { GoogleAuth, OAuth2Client } from 'google-auth-library';
import type { ComposedMail, Mailer, SendResult } from '../../ports.js';
import { SCOPES, type GoogleClientOptions } from '../google/clients.js';
import { feedbackRef } from './feedback-ref.js';
import { mapGoogleFailure, readFailure, scopeMissingWords, type FailureMessages } from '../google/errors.js';
import { DEFAULT_RETRY_POLICY, googleRequestOptions, REFUSALS_ONLY } from '../google/retry.js';

/** Sending, and reading the sender's mailbox to tell whether an interrupted send went out. */
export const GMAIL_SCOPES = [SCOPES.gmailSend, SCOPES.gmailReadonly] as const;

/** Where to send (`rootUrl`: an emulator or a local fake) and as whom (`auth`: the sender, by domain-wide delegation). */
export interface GmailMailerOptions extends GoogleClientOptions<OAuth2Client | GoogleAuth> {
  /** Delay before the first retry; doubles each time. */
  readonly retryDelayMs?: number;
  readonly retries?: number;
  readonly timeoutMs?: number;
}

type RequestOptions = ReturnType<typeof googleRequestOptions>;

const said = (failure: { message: string }) => failure.message;
/** Only the 403s are worded here; the other failures are reported as Gmail's own words. */
const GMAIL_403: FailureMessages = {
  noAnswer: said,
  unauthenticated: said,
  notFound: said,
  rateLimited: said,
  serverError: said,
  refused: said,
  scopeMissing: (failure) => scopeMissingWords(GMAIL_SCOPES)(failure),
  forbidden: () =>
    "GMAIL_SENDER must be a Workspace user the functions' service account may act for: add its client ID with the Gmail scopes under domain-wide delegation in the Admin console",
};

export class GmailMailer implements Mailer {
  readonly name = 'gmail';
  private readonly api: gmail_v1.Gmail;
  private readonly sending: RequestOptions;
  private readonly searching: RequestOptions;

  constructor(options: GmailMailerOptions = {}) {
    const { retryDelayMs = 1000, retries = 4, timeoutMs = 30_000, ...client } = options;
    this.api = gmail({ version: 'v1', ...client });
    // No minute of waiting on a 429: a send Gmail refuses is left to the feedback job's next run, paced and resumable,
    // so the run's time budget goes to sending.
    const policy = { ...DEFAULT_RETRY_POLICY, tries: retries + 1, firstDelayMs: retryDelayMs, timeoutMs, rateLimitBudgetMs: 0 };
    // A 429 means Gmail refused the message, so sending again is safe; after a 5xx or a lost answer it may
    // have gone out, so that is left to the next run, which looks for it in the mailbox first.
    this.sending = googleRequestOptions(policy, ['POST'], REFUSALS_ONLY);
    this.searching = googleRequestOptions(policy, ['GET']);
  }

  async send(mail: ComposedMail): Promise<SendResult> {
    try {
      const response = await this.api.users.messages.send(
        { userId: 'me', requestBody: { raw: mail.raw.toString('base64url') } },
        this.sending,
      );
      return { ok: true, providerId: response.data.id ?? '' };
    } catch (error) {
      const { status, message } = readFailure(error);
      const delivered = status === undefined || status >= 500 ? 'unknown' : 'no';
      // A 403 says which one: the API off in the project, a scope missing from the delegation, or a sender not delegated.
      const advice = status === 403 ? `: ${mapGoogleFailure(error, GMAIL_403, 'REFUSED').message}` : '';
      return { ok: false, error: `Gmail ${status ?? 'no answer'}: ${message}${advice}`.slice(0, 2000), delivered };
    }
  }

  /**
   * Looks the key's reference up among the sender's sent mail; undefined when the mailbox cannot be searched. Not
   * by Message-ID: Gmail may replace it on messages sent through the API, and `rfc822msgid:` would then miss a
   * message that did go out, which would be sent twice.
   */
  async wasSent(mail: Pick<ComposedMail, 'key'>): Promise<boolean | undefined> {
    try {
      const response = await this.api.users.messages.list(
        { userId: 'me', q: `in:sent "${feedbackRef(mail.key)}"`, includeSpamTrash: true, maxResults: 1 },
        this.searching,
      );
      return (response.data.messages?.length ?? 0) > 0;
    } catch {
      return undefined;
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
