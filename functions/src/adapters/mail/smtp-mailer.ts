// Mailer over SMTP with nodemailer: a pooled connection, the composed bytes sent as they are.
import nodemailer, { type Transporter } from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import type { ComposedMail, Mailer, SendResult } from '../../ports.js';

interface SmtpError {
  readonly code?: string;
  readonly responseCode?: number;
  readonly message?: string;
}

/**
 * Errors after which the server may already hold the message: the connection broke or timed out
 * while talking to it. A reply code means the server answered, so it refused the message.
 */
const MAYBE_DELIVERED = new Set(['ETIMEDOUT', 'ESOCKET', 'ECONNRESET']);

export class SmtpMailer implements Mailer {
  readonly name = 'smtp';
  private readonly transport: Transporter;

  /** `url`: smtp://user:pass@host:587 or smtps://…:465, as nodemailer reads it. */
  constructor(url: string, options: { readonly timeoutMs?: number } = {}) {
    const timeout = options.timeoutMs ?? 30_000;
    this.transport = nodemailer.createTransport({
      ...parseConnectionUrl(url),
      pool: true,
      maxConnections: 2,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  async send(mail: ComposedMail): Promise<SendResult> {
    try {
      const info = (await this.transport.sendMail({ envelope: { from: mail.from.address, to: [mail.to.address] }, raw: mail.raw })) as { response?: string; messageId?: string };
      return { ok: true, providerId: (info.response ?? info.messageId ?? '').slice(0, 400) };
    } catch (caught) {
      const error = caught as SmtpError;
      const delivered = error.responseCode === undefined && MAYBE_DELIVERED.has(error.code ?? '') ? 'unknown' : 'no';
      const code = error.responseCode === undefined ? (error.code ?? 'ERROR') : `SMTP ${error.responseCode}`;
      return { ok: false, error: `${code}: ${error.message ?? String(caught)}`, delivered };
    }
  }

  /** SMTP cannot be asked what it delivered. */
  wasSent(): Promise<undefined> {
    return Promise.resolve(undefined);
  }

  close(): Promise<void> {
    this.transport.close();
    return Promise.resolve();
  }
}
