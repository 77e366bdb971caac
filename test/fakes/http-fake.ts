// A local HTTP server for adapter tests: routes by method and path pattern, records every call, injects faults.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeRequest {
  readonly method: string;
  /** Path without the query string, percent-decoded. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  /** Parsed JSON when the body is JSON, the text otherwise, undefined when empty. */
  readonly body: unknown;
  readonly rawBody: Buffer;
}

export interface FakeResponse {
  readonly status: number;
  /** Sent as JSON unless it is a string or a Buffer. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Route {
  readonly method: string;
  /** Matched against the decoded path; capture groups are handed to the handler. */
  readonly pattern: RegExp;
  handle(request: FakeRequest, match: RegExpExecArray): FakeResponse | Promise<FakeResponse>;
}

/** What the next matching calls get instead of their normal answer. */
export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly body?: unknown }
  /** Never answer (the client's timeout fires); the socket is destroyed when the fake closes. */
  | { readonly kind: 'hang' }
  /** Close the connection without an answer. */
  | { readonly kind: 'reset' }
  /** Serve the call as usual (a write takes effect), then answer with `status` instead: the server stored it and then failed. */
  | { readonly kind: 'applied'; readonly status: number }
  /** Serve the call as usual, `ms` later: a slow call other calls overtake. */
  | { readonly kind: 'slow'; readonly ms: number };

interface PendingFault {
  remaining: number;
  readonly fault: Fault;
  readonly when: (request: FakeRequest) => boolean;
}

/** Google-style error body, as the real APIs send it. */
export function googleError(status: number, message: string, reason = 'error'): FakeResponse {
  const statusText: Record<number, string> = {
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    409: 'ALREADY_EXISTS',
    429: 'RESOURCE_EXHAUSTED',
    500: 'INTERNAL',
    503: 'UNAVAILABLE',
  };
  return { status, body: { error: { code: status, message, status: statusText[status] ?? 'UNKNOWN', errors: [{ message, reason }] } } };
}

/** Google's 403 for an API not enabled in the calling project: ErrorInfo SERVICE_DISABLED with the service and its activation URL. */
export function serviceDisabledError(service: string, project: string): FakeResponse {
  const url = `https://console.developers.google.com/apis/api/${service}/overview?project=${project}`;
  const message = `${service} has not been used in project ${project} before or it is disabled. Enable it by visiting ${url} then retry.`;
  return {
    status: 403,
    body: {
      error: {
        code: 403,
        message,
        status: 'PERMISSION_DENIED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'SERVICE_DISABLED',
            domain: 'googleapis.com',
            metadata: { service, consumer: `projects/${project}`, activationUrl: url, containerInfo: project },
          },
        ],
        errors: [{ message, domain: 'usageLimits', reason: 'accessNotConfigured' }],
      },
    },
  };
}

/** Google's 403 for a token without a scope the method needs: ErrorInfo ACCESS_TOKEN_SCOPE_INSUFFICIENT. */
export function scopeInsufficientError(service: string, method: string): FakeResponse {
  const message = 'Request had insufficient authentication scopes.';
  return {
    status: 403,
    body: {
      error: {
        code: 403,
        message,
        status: 'PERMISSION_DENIED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
            domain: 'googleapis.com',
            metadata: { service, method },
          },
        ],
        errors: [{ message: 'Insufficient Permission', domain: 'global', reason: 'insufficientPermissions' }],
      },
    },
  };
}

/** A request a fake API refuses, as Google does: a 400 naming what is wrong (and nothing of a batch applied). */
export class InvalidRequest extends Error {}

/** A resource a fake API does not hold: a 404. */
export class NotFound extends Error {}

/** Run a fake API's handler, answering its refusals as Google's error bodies. */
export async function guarded(handle: () => FakeResponse): Promise<FakeResponse> {
  await Promise.resolve();
  try {
    return handle();
  } catch (error) {
    if (error instanceof InvalidRequest) return googleError(400, error.message, 'badRequest');
    if (error instanceof NotFound) return googleError(404, 'Requested entity was not found.', 'notFound');
    throw error;
  }
}

/** The bytes of one call each way, as they crossed the socket (bodies only, headers left out). */
export interface Traffic {
  readonly method: string;
  readonly path: string;
  readonly requestBytes: number;
  readonly responseBytes: number;
  readonly status: number;
}

/**
 * A JSON answer as Google's APIs send it: indented by two spaces unless the call asked `prettyPrint=false` (a standard
 * query parameter of every Google API; the clients ask for it, see adapters/google/clients.ts).
 */
export function googleJson(body: unknown, query: URLSearchParams): string {
  return query.get('prettyPrint') === 'false' ? JSON.stringify(body) : JSON.stringify(body, null, 2);
}

export class HttpFake {
  readonly calls: FakeRequest[] = [];
  /** Bytes of every answered call, in the order the answers went out. */
  readonly traffic: Traffic[] = [];
  private readonly routes: Route[] = [];
  private readonly faults: PendingFault[] = [];
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  private base = '';

  constructor(routes: readonly Route[] = []) {
    this.routes.push(...routes);
  }

  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 — what GOOGLE_API_ROOT_URL is set to. */
  get url(): string {
    if (this.base === '') throw new Error('the fake is not started');
    return this.base;
  }

  addRoutes(routes: readonly Route[]): void {
    this.routes.push(...routes);
  }

  /** The next `times` calls for which `when` holds (every call by default) get the fault instead. */
  failNext(times: number, fault: Fault, when: (request: FakeRequest) => boolean = () => true): void {
    this.faults.push({ remaining: times, fault, when });
  }

  /** Calls whose method and path match, e.g. count('POST', /:append$/). */
  count(method: string, pattern: RegExp): number {
    return this.calls.filter((call) => call.method === method && pattern.test(call.path)).length;
  }

  resetCalls(): void {
    this.calls.length = 0;
    this.traffic.length = 0;
  }

  /** Bytes received and sent over the calls since the last reset. */
  bytes(): { readonly received: number; readonly sent: number } {
    return {
      received: this.traffic.reduce((sum, entry) => sum + entry.requestBytes, 0),
      sent: this.traffic.reduce((sum, entry) => sum + entry.responseBytes, 0),
    };
  }

  /** Drop faults not yet used up, so one test's leftovers never reach the next. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.serve(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://fake');
    const text = rawBody.toString('utf8');
    let body: unknown = text === '' ? undefined : text;
    if (text !== '' && (req.headers['content-type'] ?? '').includes('json')) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      headers: req.headers,
      body,
      rawBody,
    };
    this.calls.push(request);

    const pending = this.faults.find((entry) => entry.remaining > 0 && entry.when(request));
    if (pending) {
      pending.remaining -= 1;
      const { fault } = pending;
      if (fault.kind === 'hang') return;
      if (fault.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (fault.kind === 'slow') {
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        this.send(request, res, await this.route(request));
        return;
      }
      if (fault.kind === 'applied') {
        await this.route(request);
        this.send(request, res, googleError(fault.status, `injected ${fault.status} after serving the call`));
        return;
      }
      this.send(
        request,
        res,
        fault.body === undefined ? googleError(fault.status, `injected ${fault.status}`) : { status: fault.status, body: fault.body },
      );
      return;
    }
    this.send(request, res, await this.route(request));
  }

  private async route(request: FakeRequest): Promise<FakeResponse> {
    for (const route of this.routes) {
      if (route.method !== request.method) continue;
      const match = route.pattern.exec(request.path);
      if (!match) continue;
      try {
        return await route.handle(request, match);
      } catch (error) {
        return googleError(500, `fake failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return googleError(404, `no fake route for ${request.method} ${request.path}`);
  }

  private send(request: FakeRequest, res: ServerResponse, response: FakeResponse): void {
    const { body } = response;
    const payload = body === undefined ? '' : typeof body === 'string' || Buffer.isBuffer(body) ? body : googleJson(body, request.query);
    this.traffic.push({
      method: request.method,
      path: request.path,
      requestBytes: request.rawBody.length,
      responseBytes: Buffer.byteLength(payload),
      status: response.status,
    });
    const type = body === undefined || typeof body === 'string' || Buffer.isBuffer(body) ? 'text/plain' : 'application/json; charset=utf-8';
    res.writeHead(response.status, { 'content-type': type, ...response.headers });
    res.end(payload);
  }
}
