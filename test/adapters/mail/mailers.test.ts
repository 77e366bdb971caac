// The mail adapters: MIME built by nodemailer and read back by mailparser; outbox, SMTP server and Gmail API fake.
import { createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { JWT } from 'google-auth-library';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { composeMail, type MailContent } from '../../../functions/src/adapters/mail/compose.js';
import { keylessDelegation, senderClientOptions } from '../../../functions/src/adapters/mail/gmail-auth.js';
import { GMAIL_SCOPES, GmailMailer } from '../../../functions/src/adapters/mail/gmail-mailer.js';
import { feedbackRef } from '../../../functions/src/adapters/mail/feedback-ref.js';
import { OutboxMailer } from '../../../functions/src/adapters/mail/outbox-mailer.js';
import { SmtpMailer } from '../../../functions/src/adapters/mail/smtp-mailer.js';
import { GmailFake } from '../../fakes/gmail-fake.js';
import { googleError, HttpFake, serviceDisabledError } from '../../fakes/http-fake.js';

const content = (overrides: Partial<MailContent> = {}): MailContent => ({
  key: 'result|T0001|C-FB-01|1|abc123',
  messageId: '<0123456789abcdef@bank.example>',
  from: { name: '培训中心', address: 'training@bank.example' },
  to: { name: '张伟', address: 'zhang.wei@bank.example' },
  subject: '【培训反馈】客户沟通技巧：通过',
  text: '张伟，您好：\n\n总评：85.0 分（良好）\n培训中心',
  html: '<p>张伟，您好：</p><p>总评：85.0 分（良好）</p>',
  date: new Date('2026-06-05T02:00:00Z'),
  ...overrides,
});

const addresses = (value: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((entry) => entry.value);

describe('a composed message', () => {
  it('reads back with a real mail parser to the same subject, recipients and body', async () => {
    const mail = await composeMail(content());
    const parsed = await simpleParser(mail.raw);
    expect(parsed.subject).toBe('【培训反馈】客户沟通技巧：通过');
    expect(addresses(parsed.to)).toEqual([{ name: '张伟', address: 'zhang.wei@bank.example' }]);
    expect(addresses(parsed.from)).toEqual([{ name: '培训中心', address: 'training@bank.example' }]);
    const ref = feedbackRef('result|T0001|C-FB-01|1|abc123');
    expect(parsed.text?.trim()).toBe(`张伟，您好：\n\n总评：85.0 分（良好）\n培训中心\n\n参考编号 Ref: ${ref}`);
    expect(parsed.html).toContain('<p>总评：85.0 分（良好）</p>');
    expect(parsed.html).toContain(`参考编号 Ref: ${ref}</p>`);
    expect(parsed.headers.get('x-feedback-ref')).toBe(ref);
    expect(parsed.messageId).toBe('<0123456789abcdef@bank.example>');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    // Every header line is 7-bit: the Chinese subject and names are encoded words.
    const head = mail.raw.toString('latin1').split('\r\n\r\n')[0] ?? '';
    expect(/^[\x20-\x7e\r\n\t]*$/.test(head)).toBe(true);
  });

  it.each([
    ['a name with a line break and a Bcc header', { to: { name: '张伟\r\nBcc: thief@evil.example', address: 'zhang.wei@bank.example' } }],
    ['a name with an address in it', { to: { name: 'thief@evil.example, 张伟', address: 'zhang.wei@bank.example' } }],
    ['a subject with a line break and headers', { subject: '通过\r\nBcc: thief@evil.example\r\nX-Evil: 1' }],
    ['a subject with a bare newline', { subject: '通过\nBcc: thief@evil.example' }],
    [
      'a sender name with control characters',
      { from: { name: '培训\u0000中心\r\nCc: thief@evil.example', address: 'training@bank.example' } },
    ],
  ])('cannot gain a header or a recipient from %s', async (_name, overrides) => {
    const parsed = await simpleParser((await composeMail(content(overrides))).raw);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.cc).toBeUndefined();
    expect(parsed.headers.has('x-evil')).toBe(false);
    expect(addresses(parsed.to).map((entry) => entry.address)).toEqual(['zhang.wei@bank.example']);
  });
});

describe('the outbox', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'outbox-'));
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true, maxRetries: 5 }));

  it('writes one .eml file per key that parses back, and never a second one', async () => {
    const outbox = new OutboxMailer(dir);
    const mail = await composeMail(content());
    expect(await outbox.wasSent(mail)).toBe(false);
    const first = await outbox.send(mail);
    const again = await outbox.send(await composeMail(content({ subject: 'changed' })));
    expect(first.ok && first.providerId).toMatch(/^result_T0001_C-FB-01_1_abc123-[0-9a-f]{10}\.eml$/);
    expect(again).toEqual(first);
    expect(await fs.readdir(dir)).toEqual([first.ok ? first.providerId : '']);
    const parsed = await simpleParser(await fs.readFile(path.join(dir, first.ok ? first.providerId : '')));
    expect(parsed.subject).toBe('【培训反馈】客户沟通技巧：通过');
    expect(await outbox.wasSent(mail)).toBe(true);
  });

  it('reports a folder it cannot write to as not delivered', async () => {
    const file = path.join(dir, 'not-a-folder');
    await fs.writeFile(file, '');
    const result = await new OutboxMailer(file).send(await composeMail(content()));
    expect(result).toMatchObject({ ok: false, delivered: 'no' });
  });
});

describe('SMTP', () => {
  let server: SMTPServer;
  let port: number;
  const received: { from: string; to: string[]; raw: Buffer }[] = [];
  let rejectNext = 0;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('nobody@')) {
          const error = Object.assign(new Error('mailbox unavailable'), { responseCode: 550 });
          callback(error);
          return;
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (rejectNext > 0) {
            rejectNext -= 1;
            callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
            return;
          }
          received.push({
            from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            raw: Buffer.concat(chunks),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => {
    received.length = 0;
  });

  it('delivers the composed bytes to the envelope recipient only', async () => {
    const mailer = new SmtpMailer(`smtp://127.0.0.1:${port}`);
    const mail = await composeMail(content());
    const result = await mailer.send(mail);
    await mailer.close();
    expect(result.ok && result.providerId).toContain('250');
    expect(received).toHaveLength(1);
    expect(received[0]?.from).toBe('training@bank.example');
    expect(received[0]?.to).toEqual(['zhang.wei@bank.example']);
    const parsed = await simpleParser(received[0]?.raw ?? Buffer.alloc(0));
    expect(parsed.subject).toBe('【培训反馈】客户沟通技巧：通过');
    expect(parsed.messageId).toBe(mail.messageId);
  });

  it('reports a refused recipient and a temporary refusal as not delivered, with the server reply', async () => {
    const mailer = new SmtpMailer(`smtp://127.0.0.1:${port}`);
    const refused = await mailer.send(await composeMail(content({ to: { name: '', address: 'nobody@bank.example' } })));
    rejectNext = 1;
    const deferred = await mailer.send(await composeMail(content()));
    await mailer.close();
    expect(refused).toMatchObject({ ok: false, delivered: 'no' });
    expect(!refused.ok && refused.error).toMatch(/^SMTP 550/);
    expect(deferred).toMatchObject({ ok: false, delivered: 'no' });
    expect(!deferred.ok && deferred.error).toMatch(/^SMTP 451/);
    expect(await mailer.wasSent()).toBeUndefined();
  });

  it('reports a server that cannot be reached as not delivered', async () => {
    const mailer = new SmtpMailer('smtp://127.0.0.1:1', { timeoutMs: 2000 });
    const result = await mailer.send(await composeMail(content()));
    await mailer.close();
    expect(result).toMatchObject({ ok: false, delivered: 'no' });
  });
});

describe('the Gmail API', () => {
  const gmail = new GmailFake({ rewriteMessageId: true });
  const fake = gmail.http;
  const sent = gmail.sent;
  beforeAll(async () => {
    await gmail.start();
  });
  afterAll(() => gmail.close());
  afterEach(() => {
    sent.length = 0;
    fake.resetCalls();
    fake.clearFaults();
  });

  const mailer = () => new GmailMailer({ rootUrl: fake.url, retryDelayMs: 1, timeoutMs: 2000 });

  it('sends the composed message as base64url raw, without credentials against the fake', async () => {
    const mail = await composeMail(content());
    const result = await mailer().send(mail);
    expect(result).toEqual({ ok: true, providerId: sent[0]?.id });
    expect((fake.calls[0]?.body as { raw: string }).raw).toBe(mail.raw.toString('base64url'));
    expect(fake.calls[0]?.headers.authorization).toBeUndefined();
    expect((await simpleParser(sent[0]?.raw ?? Buffer.alloc(0))).subject).toBe('【培训反馈】客户沟通技巧：通过');
  });

  it('retries a 429 and then sends once', async () => {
    fake.failNext(2, { kind: 'status', status: 429, body: googleError(429, 'User-rate limit exceeded', 'rateLimitExceeded').body });
    const result = await mailer().send(await composeMail(content()));
    expect(result).toEqual({ ok: true, providerId: sent[0]?.id });
    expect(fake.count('POST', /send$/)).toBe(3);
    expect(sent).toHaveLength(1);
  });

  it('gives up on a 429 that lasts, as not delivered', async () => {
    fake.failNext(10, { kind: 'status', status: 429 });
    const result = await new GmailMailer({ rootUrl: fake.url, retryDelayMs: 1, retries: 2 }).send(await composeMail(content()));
    expect(result).toMatchObject({ ok: false, delivered: 'no' });
    expect(!result.ok && result.error).toMatch(/^Gmail 429/);
    expect(fake.count('POST', /send$/)).toBe(3);
  });

  it('does not resend after a 500, which may have delivered, and finds out from the mailbox', async () => {
    const mail = await composeMail(content());
    fake.failNext(1, { kind: 'status', status: 500 });
    const failed = await mailer().send(mail);
    expect(failed).toMatchObject({ ok: false, delivered: 'unknown' });
    expect(!failed.ok && failed.error).toMatch(/^Gmail 500/);
    expect(fake.count('POST', /send$/)).toBe(1);
    expect(await mailer().wasSent(mail)).toBe(false);
    await mailer().send(mail);
    expect(await mailer().wasSent(mail)).toBe(true);
    expect(fake.calls.at(-1)?.query.get('q')).toBe(`in:sent "${feedbackRef(mail.key)}"`);
  });

  it('finds a send whose answer was lost though Gmail replaced its Message-ID, where rfc822msgid: finds nothing', async () => {
    const mail = await composeMail(content());
    // Gmail stores the message, then the answer is lost.
    fake.failNext(1, { kind: 'applied', status: 503 }, (request) => request.path.endsWith('/send'));
    expect(await mailer().send(mail)).toMatchObject({ ok: false, delivered: 'unknown' });
    expect((await simpleParser(sent[0]?.raw ?? Buffer.alloc(0))).messageId).not.toBe(mail.messageId);
    const byMessageId = await fetch(`${gmail.url}/gmail/v1/users/me/messages?q=${encodeURIComponent(`rfc822msgid:${mail.messageId}`)}`);
    expect(await byMessageId.json()).toEqual({ resultSizeEstimate: 0 });
    expect(await mailer().wasSent(mail)).toBe(true);
    expect(await mailer().wasSent(await composeMail(content({ key: 'result|T0002|C-FB-01|1|abc123' })))).toBe(false);
  });

  it('has a fake that searches only what Gmail searches: a custom header is not found, an unknown operator refused', async () => {
    await mailer().send(await composeMail(content()));
    const search = async (q: string) => (await fetch(`${gmail.url}/gmail/v1/users/me/messages?q=${encodeURIComponent(q)}`)).status;
    const ref = feedbackRef(content().key);
    expect(
      await (await fetch(`${gmail.url}/gmail/v1/users/me/messages?q=${encodeURIComponent(`"X-Feedback-Ref: ${ref}"`)}`)).json(),
    ).toEqual({
      resultSizeEstimate: 0,
    });
    expect(await search(`header:x-feedback-ref:${ref}`)).toBe(400);
  });

  it('does not resend after a lost answer, which may have delivered', async () => {
    fake.failNext(1, { kind: 'reset' });
    const result = await mailer().send(await composeMail(content()));
    expect(result).toMatchObject({ ok: false, delivered: 'unknown' });
    expect(!result.ok && result.error).toMatch(/^Gmail no answer: /);
    expect(fake.count('POST', /send$/)).toBe(1);
  });

  it('searches the mailbox again after a 503, a lookup being safe to repeat', async () => {
    fake.failNext(1, { kind: 'status', status: 503 }, (request) => request.method === 'GET');
    expect(await mailer().wasSent(await composeMail(content()))).toBe(false);
    expect(fake.count('GET', /messages$/)).toBe(2);
  });

  it('cannot tell when the mailbox may not be read (403), and says so', async () => {
    fake.failNext(1, { kind: 'status', status: 403, body: googleError(403, 'Request had insufficient authentication scopes.').body });
    expect(await mailer().wasSent(await composeMail(content()))).toBeUndefined();
  });

  it('says which 403 refused a send, with what to do', async () => {
    fake.failNext(1, { kind: 'status', status: 403, body: serviceDisabledError('gmail.googleapis.com', 'bank-training').body });
    const off = await mailer().send(await composeMail(content()));
    expect(off).toMatchObject({ ok: false, delivered: 'no' });
    expect(!off.ok && off.error).toMatch(/gcloud services enable gmail\.googleapis\.com --project=bank-training/);
    fake.failNext(1, {
      kind: 'status',
      status: 403,
      body: googleError(403, 'Delegation denied for training@bank.example', 'forbidden').body,
    });
    const undelegated = await mailer().send(await composeMail(content()));
    expect(!undelegated.ok && undelegated.error).toMatch(/domain-wide delegation/);
  });

  it('reports a refused message (400) as not delivered with Gmail’s words', async () => {
    fake.failNext(1, { kind: 'status', status: 400, body: googleError(400, 'Invalid To header').body });
    expect(await mailer().send(await composeMail(content()))).toEqual({
      ok: false,
      delivered: 'no',
      error: 'Gmail 400: Invalid To header',
    });
  });
});

describe('the Gmail client’s root URL and credentials', () => {
  it('talks to GOOGLE_API_ROOT_URL with no credentials at all', () => {
    expect(senderClientOptions('http://127.0.0.1:9', 'training@bank.example', '/keys/delegated.json')).toEqual({
      rootUrl: 'http://127.0.0.1:9',
      params: { prettyPrint: false },
    });
  });

  it('acts as the sender through the key file when one is given', () => {
    const { auth, rootUrl } = senderClientOptions(undefined, 'training@bank.example', '/keys/delegated.json');
    expect(rootUrl).toBeUndefined();
    expect(auth).toBeInstanceOf(JWT);
    expect(auth).toMatchObject({ subject: 'training@bank.example', keyFile: '/keys/delegated.json', scopes: [...GMAIL_SCOPES] });
  });
});

describe('sending as a Workspace user without a key file', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signer = {
    email: () => Promise.resolve('trainer-fn@project.iam.gserviceaccount.com'),
    sign: (data: string) => Promise.resolve(createSign('RSA-SHA256').update(data).sign(privateKey, 'base64')),
  };
  const fake = new HttpFake();
  const assertions: Record<string, unknown>[] = [];
  beforeAll(async () => {
    fake.addRoutes([
      {
        method: 'POST',
        pattern: /^\/token$/,
        handle: (request) => {
          const form = new URLSearchParams(String(request.body));
          const [header, payload, signature] = (form.get('assertion') ?? '').split('.');
          const valid = createVerify('RSA-SHA256')
            .update(`${header}.${payload}`)
            .verify(publicKey, Buffer.from(signature ?? '', 'base64url'));
          if (!valid || form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return googleError(400, 'invalid_grant');
          assertions.push(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>);
          return { status: 200, body: { access_token: 'delegated-token', expires_in: 3600, token_type: 'Bearer' } };
        },
      },
      {
        method: 'POST',
        pattern: /^\/gmail\/v1\/users\/me\/messages\/send$/,
        handle: (request) =>
          request.headers.authorization === 'Bearer delegated-token'
            ? { status: 200, body: { id: 'msg-as-user' } }
            : googleError(401, 'Request is missing valid authentication credential.'),
      },
    ]);
    await fake.start();
  });
  afterAll(() => fake.close());

  it('signs a delegation assertion for the sender, trades it for a token and sends with it', async () => {
    const auth = keylessDelegation(signer, 'training@bank.example', GMAIL_SCOPES, `${fake.url}/token`);
    const mailer = new GmailMailer({ rootUrl: fake.url, auth, retryDelayMs: 1 });
    expect(await mailer.send(await composeMail(content()))).toEqual({ ok: true, providerId: 'msg-as-user' });
    expect(await mailer.send(await composeMail(content({ key: 'other' })))).toEqual({ ok: true, providerId: 'msg-as-user' });
    expect(assertions).toHaveLength(1);
    expect(assertions[0]).toMatchObject({
      iss: 'trainer-fn@project.iam.gserviceaccount.com',
      sub: 'training@bank.example',
      scope: 'https://www.googleapis.com/auth/gmail.send https://www.googleapis.com/auth/gmail.readonly',
      aud: `${fake.url}/token`,
    });
  });
});
