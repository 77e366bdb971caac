// Builds the MIME message with nodemailer's composer: UTF-8, encoded headers, text and HTML alternatives, and the reference that finds it again.
import MailComposer from 'nodemailer/lib/mail-composer';
import type { ComposedMail, MailAddress } from '../../ports.js';
import { feedbackRef } from './feedback-ref.js';

export interface MailContent {
  readonly key: string;
  readonly messageId: string;
  readonly from: MailAddress;
  readonly to: MailAddress;
  readonly replyTo?: MailAddress;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly date: Date;
  /** PDFs attached (certificates), each with its file name. */
  readonly attachments?: readonly { readonly filename: string; readonly content: Buffer }[];
}

/** Address objects, never "name <address>" strings, so a name can never add a recipient or a header. */
const address = (value: MailAddress) => ({
  // eslint-disable-next-line no-control-regex
  name: value.name.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim(),
  address: value.address.trim(),
});

/** The reference line at the foot of the text and HTML bodies. */
function withRef(content: MailContent, ref: string): { text: string; html: string } {
  const line = `参考编号 Ref: ${ref}`;
  const foot = `<p style="color:#999999;font-size:11px;margin-top:24px">${line}</p>`;
  const html = /<\/body>/i.test(content.html) ? content.html.replace(/<\/body>/i, `${foot}</body>`) : `${content.html}${foot}`;
  return { text: `${content.text.replace(/\s+$/, '')}\n\n${line}\n`, html };
}

export async function composeMail(content: MailContent): Promise<ComposedMail> {
  const ref = feedbackRef(content.key);
  const { text, html } = withRef(content, ref);
  const composer = new MailComposer({
    from: address(content.from),
    to: [address(content.to)],
    ...(content.replyTo ? { replyTo: address(content.replyTo) } : {}),
    subject: content.subject,
    text,
    html,
    messageId: content.messageId,
    date: content.date,
    textEncoding: 'base64',
    ...(content.attachments?.length
      ? {
          attachments: content.attachments.map((file) => ({
            filename: file.filename,
            content: file.content,
            contentType: 'application/pdf',
          })),
        }
      : {}),
    headers: {
      // Tells mail servers and out-of-office replies that this is automatic mail (RFC 3834).
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
      'X-Feedback-Ref': ref,
    },
  });
  const raw = await composer.compile().build();
  return { key: content.key, messageId: content.messageId, from: content.from, to: content.to, raw };
}
