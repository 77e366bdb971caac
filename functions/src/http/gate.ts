// The door of every request, decided from its request line and headers alone, before one byte of the body is read.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { parse as parseContentType } from 'content-type';
import { authorize, type Credentials, type RefusalReason, type Role, type Via } from './auth.js';

export interface RequestHead {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The TCP peer is this machine and the request names it (fromThisComputer). */
  readonly loopback: boolean;
}

/** Who may call an endpoint. */
export interface Endpoint {
  readonly access: 'public' | Role;
  /** The media types its body may have, when not the policy's (the check-in page's HTML form). */
  readonly mediaTypes?: readonly string[];
}

/** Endpoints by path and method; the path `*` stands for every path (a CloudEvent function answers on any). */
export type Surface = Readonly<Record<string, Readonly<Record<string, Endpoint>>>>;

export const TRAINING_SURFACE: Surface = {
  '/healthz': { GET: { access: 'public' } },
  '/submissions': { POST: { access: 'submit' } },
  '/recompute': { POST: { access: 'admin' } },
  '/feedback/send': { POST: { access: 'admin' } },
  '/watches/renew': { POST: { access: 'admin' } },
  // Appraisal (issue 17 part 3).
  '/appraisal/exports': { POST: { access: 'admin' } },
  // QR check-in (扫码签到): the trainee's phone, with no credential; the signed link admits it, the form posts urlencoded.
  '/checkin': { GET: { access: 'public' }, POST: { access: 'public', mediaTypes: ['application/x-www-form-urlencoded'] } },
  // Certificates (issue 17 part 1): anyone holding a serial may check it (see docs/security.md).
  '/certificates/*': { GET: { access: 'public' } },
};

/** Pub/Sub pushes a CloudEvent in binary mode (application/json) or structured (application/cloudevents+json). */
export const CLOUD_EVENT_SURFACE: Surface = { '*': { POST: { access: 'submit' } } };

export const JSON_TYPES: readonly string[] = ['application/json'];
export const CLOUD_EVENT_TYPES: readonly string[] = ['application/json', 'application/cloudevents+json'];

export interface GatePolicy {
  readonly surface: Surface;
  /** The media types a body may have; anything else is 415, so a web page cannot send a "simple" cross-site request. */
  readonly mediaTypes: readonly string[];
  readonly maxBodyBytes: number;
  readonly credentials: Credentials;
}

export interface Refusal {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly log: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
}

/** An admitted request: by which credential, and the method and path it was admitted for. */
export type Admission =
  | { readonly ok: true; readonly via: Via | 'public'; readonly method: string; readonly path: string; readonly body: number | 'chunked' }
  | ({ readonly ok: false } & Refusal);

const refuse = (status: number, code: string, message: string, outcome: string, extra: Partial<Refusal> = {}): Admission => ({
  ok: false,
  status,
  body: { status: outcome, code, message },
  log: { outcome, ...extra.log },
  ...(extra.headers ? { headers: extra.headers } : {}),
});

/** The declared body: its length, `chunked` when it comes without one, or none; undefined for a length that is no number. */
export function declaredBody(headers: IncomingHttpHeaders): number | 'chunked' | undefined {
  const length = headers['content-length'];
  if (length !== undefined) return /^\d{1,15}$/.test(length.trim()) ? Number(length) : undefined;
  return headers['transfer-encoding'] === undefined ? 0 : 'chunked';
}

/** Why a body's type is refused, or undefined when it is JSON the function reads. */
export function mediaTypeProblem(headers: IncomingHttpHeaders, allowed: readonly string[]): string | undefined {
  const encoding = headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') return `Content-Encoding ${encoding} is not accepted; send the JSON uncompressed`;
  const header = headers['content-type'];
  if (header === undefined) return `a body needs Content-Type: ${allowed.join(' or ')}`;
  // The parser is lenient (it never throws); whatever it reads that is not an allowed type is refused.
  const type = parseContentType(header);
  if (!allowed.includes(type.type)) return `Content-Type ${type.type.slice(0, 80)} is not accepted; send ${allowed.join(' or ')}`;
  const charset = type.parameters['charset']?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return `charset ${charset} is not accepted; send UTF-8`;
  return undefined;
}

const UNAUTHORIZED: Record<RefusalReason, string> = {
  missing_token: 'missing or wrong bearer token',
  wrong_token: 'missing or wrong bearer token',
  invalid_identity_token: 'missing or wrong bearer token',
  invoker_not_allowed: 'missing or wrong bearer token',
  not_admin: 'this route needs the admin credential (ADMIN_TOKEN, the CLI, or an identity token of ALLOWED_INVOKERS)',
  not_loopback: 'submissions need SUBMIT_TOKEN; none is set, so only this computer may submit, to localhost or 127.0.0.1',
};

/** A `/prefix/*` entry covers one more path segment under the prefix (`/certificates/<serial>`), never deeper paths. */
function prefixRoute(surface: Surface, path: string): Surface[string] | undefined {
  const cut = path.lastIndexOf('/');
  return cut > 0 && cut < path.length - 1 ? surface[`${path.slice(0, cut)}/*`] : undefined;
}

/** Route, method, credential, declared size and media type, in that order; the body stays unread. */
export async function admit(head: RequestHead, policy: GatePolicy): Promise<Admission> {
  const route = policy.surface[head.path] ?? prefixRoute(policy.surface, head.path) ?? policy.surface['*'];
  if (route === undefined)
    return refuse(404, 'NOT_FOUND', `no route ${head.path.slice(0, 200)}`, 'error', { log: { outcome: 'not_found' } });
  const endpoint = route[head.method];
  if (endpoint === undefined) {
    return refuse(405, 'METHOD_NOT_ALLOWED', `${head.method} is not allowed on ${head.path}`, 'error', {
      headers: { Allow: Object.keys(route).join(', ') },
      log: { outcome: 'method_not_allowed' },
    });
  }
  let via: Via | 'public' = 'public';
  if (endpoint.access !== 'public') {
    const decision = await authorize(head.headers.authorization, endpoint.access, head.loopback, policy.credentials);
    if (!decision.ok) {
      return {
        ok: false,
        status: 401,
        body: { status: 'unauthorized', message: UNAUTHORIZED[decision.reason] },
        log: { outcome: 'unauthorized', reason: decision.reason },
      };
    }
    via = decision.via;
  }
  const declared = declaredBody(head.headers);
  if (declared === undefined) return refuse(400, 'BAD_LENGTH', 'Content-Length is not a number', 'bad_request');
  if (declared !== 'chunked' && declared > policy.maxBodyBytes) {
    return refuse(413, 'TOO_LARGE', `body is ${declared} bytes; the limit is ${policy.maxBodyBytes}`, 'too_large');
  }
  const typeProblem = declared === 0 ? undefined : mediaTypeProblem(head.headers, endpoint.mediaTypes ?? policy.mediaTypes);
  if (typeProblem !== undefined) return refuse(415, 'UNSUPPORTED_MEDIA_TYPE', typeProblem, 'unsupported_media_type');
  return { ok: true, via, method: head.method, path: head.path, body: declared };
}

/**
 * Admissions the local launcher made before reading a body, so the handler behind the framework does not
 * check the same request twice. Keyed by the request object itself: nothing a client sends can set it.
 */
const admitted = new WeakMap<IncomingMessage, Admission & { ok: true }>();

export function rememberAdmission(req: IncomingMessage, admission: Admission & { ok: true }): void {
  admitted.set(req, admission);
}

/** The launcher's admission of this request, if it was for the method and path the framework routes it by. */
export function admissionOf(req: IncomingMessage, method: string, path: string): (Admission & { ok: true }) | undefined {
  const admission = admitted.get(req);
  return admission?.method === method && admission.path === path ? admission : undefined;
}
