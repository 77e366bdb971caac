// Builds the MIME message with nodemailer's composer: UTF-8, encoded headers, text and HTML alternatives.
import MailComposer from 'nodemailer/lib/mail-composer';
import type { ComposedMail, MailAddress } from '../../ports.js';

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
}

/** Address objects, never "name <address>" strings, so a name can never add a recipient or a header. */
const address = (value: MailAddress) => ({
  // eslint-disable-next-line no-control-regex
  name: value.name.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim(),
  address: value.address.trim(),
});

export async function composeMail(content: MailContent): Promise<ComposedMail> {
  const composer = new MailComposer({
    from: address(content.from),
    to: [address(content.to)],
    ...(content.replyTo ? { replyTo: address(content.replyTo) } : {}),
    subject: content.subject,
    text: content.text,
    html: content.html,
    messageId: content.messageId,
    date: content.date,
    textEncoding: 'base64',
    headers: {
      // Tells mail servers and out-of-office replies that this is automatic mail (RFC 3834).
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
    },
  });
  const raw = await composer.compile().build();
  return { key: content.key, messageId: content.messageId, from: content.from, to: content.to, raw };
}
