// Mailer over SMTP with nodemailer: a pooled connection, the composed bytes sent as they are.
import nodemailer, { type Transporter } from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import type { ComposedMail, Mailer, SendResult } from '../../ports.js';

interface SmtpError {
  readonly code?: string;
  /** The SMTP step that failed: CONN, MAIL FROM, RCPT TO, DATA … */
  readonly command?: string;
  readonly responseCode?: number;
  readonly message?: string;
}

/**
 * Only a connection lost while the message itself was being handed over (DATA, or a step nodemailer
 * does not name) leaves the server possibly holding it. A reply code means the server answered and
 * refused; a failure before DATA means it never had the message.
 */
const BEFORE_DATA = new Set([
  'CONN',
  'EHLO',
  'HELO',
  'LHLO',
  'STARTTLS',
  'AUTH',
  'AUTH PLAIN',
  'AUTH LOGIN',
  'AUTH XOAUTH2',
  'MAIL FROM',
  'RCPT TO',
]);
const CONNECTION_LOST = new Set(['ETIMEDOUT', 'ESOCKET', 'ECONNRESET', 'ECONNECTION']);

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
      const info = (await this.transport.sendMail({ envelope: { from: mail.from.address, to: [mail.to.address] }, raw: mail.raw })) as {
        response?: string;
        messageId?: string;
      };
      return { ok: true, providerId: (info.response ?? info.messageId ?? '').slice(0, 400) };
    } catch (caught) {
      const error = caught as SmtpError;
      const delivered =
        error.responseCode === undefined && CONNECTION_LOST.has(error.code ?? '') && !BEFORE_DATA.has(error.command ?? '')
          ? 'unknown'
          : 'no';
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
