// A local fake of the Forms API v1 endpoints the form triggers use: get, responses.list (filter, paging), and watches owned per account as Google keeps them.
import type { forms_v1 } from '@googleapis/forms';
import { googleError, HttpFake, type FakeRequest, type FakeResponse } from './http-fake.js';

type Form = forms_v1.Schema$Form;
type FormResponse = forms_v1.Schema$FormResponse;
type Watch = forms_v1.Schema$Watch;

/** A watch and the account that made it: Google keys watches by (account, project, form, event type). */
interface OwnedWatch {
  readonly owner: string;
  watch: Watch;
}

interface StoredForm {
  readonly form: Form;
  readonly responses: FormResponse[];
  readonly watches: OwnedWatch[];
  /** Accounts with edit access; undefined: every account (the tests that are not about ownership). */
  editors: Set<string> | undefined;
}

/** Who a call is made as: the account of its bearer token; calls without one are all the one account "anonymous". */
export function callerOf(request: FakeRequest): string {
  const header = request.headers.authorization;
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice('Bearer '.length) : 'anonymous';
}

/** Google's error body with its canonical status, e.g. FAILED_PRECONDITION for a 400 that is not a malformed request. */
function statusError(status: number, canonical: string, message: string): FakeResponse {
  return { status, body: { error: { code: status, message, status: canonical } } };
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

/**
 * Nanoseconds since the epoch of an RFC 3339 UTC ("Zulu") time, as the API requires in filters; undefined
 * otherwise. Written apart from the production code on purpose, so a mistake there is not mirrored here.
 */
export function zuluNanos(text: string): bigint | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(text);
  if (!match) return undefined;
  const millis = Date.parse(`${match[1] ?? ''}Z`);
  if (Number.isNaN(millis)) return undefined;
  return BigInt(millis) * 1_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
}

/** The filter forms.responses.list supports: `timestamp > N` or `timestamp >= N`. */
function parseFilter(filter: string): ((response: FormResponse) => boolean) | undefined {
  const match = /^timestamp\s*(>=|>)\s*(\S+)$/.exec(filter.trim());
  const bound = match ? zuluNanos(match[2] ?? '') : undefined;
  if (!match || bound === undefined) return undefined;
  const inclusive = match[1] === '>=';
  return (response) => {
    const at = zuluNanos(response.lastSubmittedTime ?? '') ?? 0n;
    return inclusive ? at >= bound : at > bound;
  };
}

interface PageToken {
  readonly offset: number;
  readonly filter: string;
}

export class FormsFake {
  readonly http = new HttpFake();
  /** Largest page the fake answers, whatever pageSize asks, so a handful of responses spans several pages. */
  maxPageSize = 2;
  /** Called after each page of responses is served; a test adds a response here to shift the next page. */
  afterPage: ((formId: string, pageNumber: number) => void) | undefined;
  /** The response ids of every page served, in order. */
  readonly pagesServed: string[][] = [];
  private readonly forms = new Map<string, StoredForm>();
  private watchCounter = 0;

  constructor(private readonly now: () => Date = () => new Date()) {
    this.http.addRoutes([
      { method: 'GET', pattern: /^\/v1\/forms\/([^/:]+)$/, handle: (_request, match) => this.getForm(match[1] ?? '') },
      {
        method: 'GET',
        pattern: /^\/v1\/forms\/([^/:]+)\/responses$/,
        handle: (request, match) => this.listResponses(match[1] ?? '', request),
      },
      { method: 'GET', pattern: /^\/v1\/forms\/([^/:]+)\/watches$/, handle: (request, match) => this.listWatches(match[1] ?? '', request) },
      {
        method: 'POST',
        pattern: /^\/v1\/forms\/([^/:]+)\/watches$/,
        handle: (request, match) => this.createWatch(match[1] ?? '', request),
      },
      {
        method: 'DELETE',
        pattern: /^\/v1\/forms\/([^/:]+)\/watches\/([^/:]+)$/,
        handle: (request, match) => this.deleteWatch(match[1] ?? '', match[2] ?? '', request),
      },
      {
        method: 'POST',
        pattern: /^\/v1\/forms\/([^/:]+)\/watches\/([^/:]+):renew$/,
        handle: (request, match) => this.renewWatch(match[1] ?? '', match[2] ?? '', request),
      },
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

  addForm(form: Form): void {
    if (!form.formId) throw new Error('a fake form needs a formId');
    this.forms.set(form.formId, { form, responses: [], watches: [], editors: undefined });
  }

  /** Who may edit the form from now on (others lose edit access, and the notifications of their watches stop). */
  setEditors(formId: string, accounts: readonly string[]): void {
    this.stored(formId).editors = new Set(accounts);
  }

  /** The watches that would deliver a notification now: active, unexpired, their owner still an editor of the form. */
  deliverable(formId: string): readonly Watch[] {
    const stored = this.stored(formId);
    return stored.watches
      .filter(({ owner, watch }) => watch.state === 'ACTIVE' && !this.expired(watch) && this.canEdit(stored, owner))
      .map(({ watch }) => watch);
  }

  /** Submit (or, with a known responseId, edit) a response, as a respondent would. */
  submit(formId: string, response: FormResponse): void {
    const stored = this.stored(formId);
    const index = stored.responses.findIndex((existing) => existing.responseId === response.responseId);
    if (index >= 0) stored.responses.splice(index, 1, response);
    else stored.responses.push(response);
  }

  /** A watch someone made earlier, as `owner` ("anonymous": the account the tests call as without credentials). */
  addWatch(formId: string, watch: Watch, owner = 'anonymous'): void {
    this.stored(formId).watches.push({ owner, watch });
  }

  /** Every watch of the form, whoever owns it. */
  watches(formId: string): readonly Watch[] {
    return this.stored(formId).watches.map(({ watch }) => watch);
  }

  /** Who owns each watch of the form. */
  owners(formId: string): readonly string[] {
    return this.stored(formId).watches.map(({ owner }) => owner);
  }

  private canEdit(stored: StoredForm, account: string): boolean {
    return stored.editors === undefined || stored.editors.has(account);
  }

  private expired(watch: Watch): boolean {
    return Date.parse(watch.expireTime ?? '') <= this.now().getTime();
  }

  private stored(formId: string): StoredForm {
    const stored = this.forms.get(formId);
    if (!stored) throw new Error(`no fake form ${formId}`);
    return stored;
  }

  private getForm(formId: string): FakeResponse {
    const stored = this.forms.get(formId);
    return stored ? { status: 200, body: stored.form } : googleError(404, `Requested entity was not found.`, 'notFound');
  }

  private listResponses(formId: string, request: FakeRequest): FakeResponse {
    const stored = this.forms.get(formId);
    if (!stored) return googleError(404, 'Requested entity was not found.', 'notFound');
    const filterText = request.query.get('filter') ?? '';
    const filter = filterText === '' ? () => true : parseFilter(filterText);
    if (!filter) return googleError(400, `Invalid filter: ${filterText}`, 'badRequest');
    let offset = 0;
    const tokenText = request.query.get('pageToken');
    if (tokenText) {
      const token = JSON.parse(Buffer.from(tokenText, 'base64url').toString()) as PageToken;
      // The API requires the same filter with a page token as in the request that produced it.
      if (token.filter !== filterText) return googleError(400, 'The page token does not match the filter.', 'badRequest');
      offset = token.offset;
    }
    const asked = Number(request.query.get('pageSize') ?? 0);
    const size = Math.min(asked > 0 ? asked : 5000, this.maxPageSize);
    // The API documents no order; newest first makes the job's own oldest-first ordering matter.
    const matching = stored.responses
      .filter(filter)
      .sort((a, b) => {
        const diff = (zuluNanos(b.lastSubmittedTime ?? '') ?? 0n) - (zuluNanos(a.lastSubmittedTime ?? '') ?? 0n);
        return diff > 0n ? 1 : diff < 0n ? -1 : 0;
      })
      // List answers leave formId out, as the API does.
      .map(({ formId: _formId, ...response }) => response);
    const page = matching.slice(offset, offset + size);
    const next =
      offset + size < matching.length
        ? Buffer.from(JSON.stringify({ offset: offset + size, filter: filterText } satisfies PageToken)).toString('base64url')
        : undefined;
    this.pagesServed.push(page.map((response) => response.responseId ?? ''));
    this.afterPage?.(formId, offset / size + 1);
    return { status: 200, body: { ...(page.length > 0 ? { responses: page } : {}), ...(next ? { nextPageToken: next } : {}) } };
  }

  /** Only the caller's own watches; an expired one is gone. */
  private listWatches(formId: string, request: FakeRequest): FakeResponse {
    const stored = this.forms.get(formId);
    if (!stored) return googleError(404, 'Requested entity was not found.', 'notFound');
    const caller = callerOf(request);
    const mine = stored.watches.filter(({ owner, watch }) => owner === caller && !this.expired(watch)).map(({ watch }) => watch);
    return { status: 200, body: mine.length > 0 ? { watches: mine } : {} };
  }

  /** One watch per (account, form, event type): a second is FAILED_PRECONDITION; an account without edit access is refused. */
  private createWatch(formId: string, request: FakeRequest): FakeResponse {
    const stored = this.forms.get(formId);
    if (!stored) return googleError(404, 'Requested entity was not found.', 'notFound');
    const caller = callerOf(request);
    if (!this.canEdit(stored, caller)) return statusError(403, 'PERMISSION_DENIED', 'The caller does not have permission');
    const body = request.body as { watch?: Watch; watchId?: string } | undefined;
    const topicName = body?.watch?.target?.topic?.topicName ?? '';
    const eventType = body?.watch?.eventType ?? '';
    if (!/^projects\/[^/]+\/topics\/[^/]+$/.test(topicName)) return googleError(400, 'Invalid topic name.', 'badRequest');
    if (eventType !== 'RESPONSES' && eventType !== 'SCHEMA') return googleError(400, 'Invalid event type.', 'badRequest');
    const taken = stored.watches.some(({ owner, watch }) => owner === caller && watch.eventType === eventType && !this.expired(watch));
    if (taken) return statusError(400, 'FAILED_PRECONDITION', `A watch already exists for event type ${eventType} on this form.`);
    this.watchCounter += 1;
    const now = this.now();
    const watch: Watch = {
      id: body?.watchId ?? `00000000-0000-4000-8000-${String(this.watchCounter).padStart(12, '0')}`,
      target: { topic: { topicName } },
      eventType,
      createTime: now.toISOString(),
      expireTime: new Date(now.getTime() + WEEK_MS).toISOString(),
      state: 'ACTIVE',
    };
    stored.watches.push({ owner: caller, watch });
    return { status: 200, body: watch };
  }

  private deleteWatch(formId: string, watchId: string, request: FakeRequest): FakeResponse {
    const stored = this.forms.get(formId);
    const caller = callerOf(request);
    const index = stored?.watches.findIndex(({ owner, watch }) => owner === caller && watch.id === watchId) ?? -1;
    if (!stored || index < 0) return statusError(404, 'NOT_FOUND', 'Requested entity was not found.');
    stored.watches.splice(index, 1);
    return { status: 200, body: {} };
  }

  /** Only the owner renews; an expired watch is NOT_FOUND (create a new one); an owner who lost edit access is refused. */
  private renewWatch(formId: string, watchId: string, request: FakeRequest): FakeResponse {
    const stored = this.forms.get(formId);
    const caller = callerOf(request);
    const owned = stored?.watches.find(({ owner, watch }) => owner === caller && watch.id === watchId);
    if (!stored || !owned || this.expired(owned.watch)) return statusError(404, 'NOT_FOUND', 'Requested entity was not found.');
    if (!this.canEdit(stored, caller)) return statusError(403, 'PERMISSION_DENIED', 'The caller does not have permission');
    // Renewing restarts the seven days and clears the error of a suspended watch.
    const renewed: Watch = { ...owned.watch, state: 'ACTIVE', expireTime: new Date(this.now().getTime() + WEEK_MS).toISOString() };
    delete renewed.errorType;
    owned.watch = renewed;
    return { status: 200, body: renewed };
  }
}
