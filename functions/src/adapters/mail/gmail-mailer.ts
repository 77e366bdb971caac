// Mailer over the Gmail API: users.messages.send with the composed message, as the configured Workspace sender.
import { gmail, type gmail_v1 } from '@googleapis/gmail';
import type { GoogleAuth, OAuth2Client } from 'google-auth-library';
import type { ComposedMail, Mailer, SendResult } from '../../ports.js';

/** Sending, and reading the sender's mailbox to tell whether an interrupted send went out. */
export const GMAIL_SCOPES = ['https://www.googleapis.com/auth/gmail.send', 'https://www.googleapis.com/auth/gmail.readonly'] as const;

export interface GmailMailerOptions {
  /** Base URL instead of https://gmail.googleapis.com (an emulator or a local fake). */
  readonly rootUrl?: string;
  /** Credentials acting as the sender (domain-wide delegation); none against a fake. */
  readonly auth?: OAuth2Client | GoogleAuth;
  /** Delay before the first retry of a 429; doubles each time. */
  readonly retryDelayMs?: number;
  readonly retries?: number;
  readonly timeoutMs?: number;
}

/** The parts of a gaxios error the mailer reads. */
interface HttpFailure {
  readonly status?: unknown;
  readonly response?: { readonly status?: unknown; readonly data?: unknown };
}

function statusOf(error: unknown): number | undefined {
  const failure = error as HttpFailure;
  const status = failure.response?.status ?? failure.status;
  return typeof status === 'number' ? status : undefined;
}

function messageOf(error: unknown): string {
  const data = (error as HttpFailure).response?.data as { error?: { message?: string } } | undefined;
  return data?.error?.message ?? (error instanceof Error ? error.message : String(error));
}

export class GmailMailer implements Mailer {
  readonly name = 'gmail';
  private readonly api: gmail_v1.Gmail;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly timeoutMs: number;

  constructor(options: GmailMailerOptions = {}) {
    this.api = gmail({
      version: 'v1',
      ...(options.rootUrl === undefined ? {} : { rootUrl: `${options.rootUrl.replace(/\/$/, '')}/` }),
      ...(options.auth === undefined ? {} : { auth: options.auth }),
    });
    this.retries = options.retries ?? 4;
    this.retryDelayMs = options.retryDelayMs ?? 1000;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async send(mail: ComposedMail): Promise<SendResult> {
    try {
      const response = await this.api.users.messages.send(
        { userId: 'me', requestBody: { raw: mail.raw.toString('base64url') } },
        {
          timeout: this.timeoutMs,
          retryConfig: {
            retry: this.retries,
            retryDelay: this.retryDelayMs,
            retryDelayMultiplier: 2,
            // A 429 means Gmail refused the message, so sending again is safe; after a 5xx or a lost answer it may
            // have gone out, so that is left to the next run, which looks for it in the mailbox first.
            httpMethodsToRetry: ['POST'],
            statusCodesToRetry: [[429, 429]],
            noResponseRetries: 0,
          },
        },
      );
      return { ok: true, providerId: response.data.id ?? '' };
    } catch (error) {
      const status = statusOf(error);
      const delivered = status === undefined || status >= 500 ? 'unknown' : 'no';
      return { ok: false, error: `Gmail ${status ?? 'no answer'}: ${messageOf(error)}`.slice(0, 2000), delivered };
    }
  }

  /** Looks the Message-ID up in the sender's mailbox (Sent included); undefined when the mailbox cannot be searched. */
  async wasSent(mail: Pick<ComposedMail, 'messageId'>): Promise<boolean | undefined> {
    try {
      const response = await this.api.users.messages.list(
        { userId: 'me', q: `rfc822msgid:${mail.messageId.replace(/^<|>$/g, '')}`, includeSpamTrash: true, maxResults: 1 },
        { timeout: this.timeoutMs, retryConfig: { retry: this.retries, retryDelay: this.retryDelayMs, retryDelayMultiplier: 2 } },
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
