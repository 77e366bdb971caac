// The Gmail API's users.messages.send and users.messages.list as the mailer uses them: a mailbox that may rewrite Message-ID, searched as Gmail does.
import { simpleParser } from 'mailparser';
import { googleError, HttpFake, type FakeRequest, type FakeResponse } from './http-fake.js';

export interface StoredMessage {
  readonly id: string;
  /** The bytes as the mailbox keeps them: with Gmail's own Message-ID when the fake rewrites it. */
  readonly raw: Buffer;
  readonly labelIds: readonly string[];
}

export interface GmailFakeOptions {
  /** Replace the Message-ID of every message sent, as Gmail may do with messages sent through its API. */
  readonly rewriteMessageId?: boolean;
}

type Term =
  | { readonly kind: 'in'; readonly label: string }
  | { readonly kind: 'msgid'; readonly id: string }
  | { readonly kind: 'text'; readonly text: string };

/** The search terms the fake understands: in:<label>, rfc822msgid:<id>, "a phrase" and bare words; any other operator is refused. */
function parseQuery(q: string): Term[] | undefined {
  const terms: Term[] = [];
  for (const match of q.matchAll(/"([^"]*)"|(\S+)/g)) {
    const phrase = match[1];
    const word = match[2] ?? '';
    if (phrase !== undefined) terms.push({ kind: 'text', text: phrase.toLowerCase() });
    else if (/^in:/i.test(word)) terms.push({ kind: 'in', label: word.slice(3).toUpperCase() });
    else if (/^rfc822msgid:/i.test(word)) terms.push({ kind: 'msgid', id: word.slice('rfc822msgid:'.length).replace(/^<|>$/g, '') });
    else if (word.includes(':')) return undefined;
    else terms.push({ kind: 'text', text: word.toLowerCase() });
  }
  return terms;
}

export class GmailFake {
  readonly http = new HttpFake();
  readonly sent: StoredMessage[] = [];

  constructor(private readonly options: GmailFakeOptions = {}) {
    this.http.addRoutes([
      { method: 'POST', pattern: /^\/gmail\/v1\/users\/me\/messages\/send$/, handle: (request) => this.send(request) },
      { method: 'GET', pattern: /^\/gmail\/v1\/users\/me\/messages$/, handle: (request) => this.list(request) },
    ]);
  }

  get url(): string {
    return this.http.url;
  }

  async start(): Promise<this> {
    await this.http.start();
    return this;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private send(request: FakeRequest): FakeResponse {
    const encoded = (request.body as { raw?: unknown } | undefined)?.raw;
    if (typeof encoded !== 'string' || encoded === '')
      return googleError(400, "'raw' RFC822 payload message string or uploading message via /upload/* URL required", 'invalidArgument');
    let raw = Buffer.from(encoded, 'base64url');
    const id = `18f${String(this.sent.length + 1).padStart(13, '0')}`;
    if (this.options.rewriteMessageId) {
      raw = Buffer.from(
        raw.toString('latin1').replace(/^Message-ID:[^\r\n]*(\r\n[ \t][^\r\n]*)*/im, `Message-ID: <CAFAKE${id}@mail.gmail.com>`),
        'latin1',
      );
    }
    const message: StoredMessage = { id, raw, labelIds: ['SENT'] };
    this.sent.push(message);
    return { status: 200, body: { id, threadId: id, labelIds: message.labelIds } };
  }

  private async list(request: FakeRequest): Promise<FakeResponse> {
    const terms = parseQuery(request.query.get('q') ?? '');
    if (!terms) return googleError(400, 'Invalid search query.', 'invalidArgument');
    const matches: { id: string; threadId: string }[] = [];
    for (const message of this.sent) if (await this.matches(message, terms)) matches.push({ id: message.id, threadId: message.id });
    const max = Number(request.query.get('maxResults') ?? 100);
    const page = matches.slice(0, max);
    return { status: 200, body: page.length > 0 ? { messages: page, resultSizeEstimate: matches.length } : { resultSizeEstimate: 0 } };
  }

  /** Gmail searches what people read (subject and decoded bodies, case-insensitively), labels and rfc822msgid; no other header. */
  private async matches(message: StoredMessage, terms: readonly Term[]): Promise<boolean> {
    const parsed = await simpleParser(message.raw);
    const words = [parsed.subject ?? '', parsed.text ?? '', typeof parsed.html === 'string' ? parsed.html : ''].join('\n').toLowerCase();
    return terms.every((term) => {
      if (term.kind === 'in') return message.labelIds.includes(term.label);
      if (term.kind === 'msgid') return parsed.messageId === `<${term.id}>`;
      return words.includes(term.text);
    });
  }
}
