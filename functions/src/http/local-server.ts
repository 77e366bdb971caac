// The local launcher's server: the gate answers from the request line and headers, the body is read up to its limit,
// then the Functions Framework's own Express app (the one the deployed functions run) calls the function.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import getRawBody from 'raw-body';
import type { Logger } from '../ports.js';
import { fromThisComputer } from './auth.js';
import { admit, rememberAdmission, type Admission, type GatePolicy, type Refusal } from './gate.js';
import { jsonObject } from './json-body.js';

export type LocalFunction =
  | { readonly signature: 'http'; readonly handler: functions.HttpFunction }
  /** A CloudEvent function gets the parsed event, as the framework's own parser would hand it over. */
  | { readonly signature: 'cloudevent'; readonly handler: functions.CloudEventFunction<unknown> };

export interface LocalServerOptions {
  readonly gate: GatePolicy;
  readonly logger: Logger;
  /** How long a refused connection may keep sending before it is cut (lets the client read the answer first). */
  readonly lingerMs?: number;
}

/** Express's reading of the path (parseurl): the request target up to its query, or the path of an absolute URL. */
export function pathOf(url: string): string {
  if (url.startsWith('/')) return url.replace(/[?#].*$/s, '');
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

let registered = 0;

/** Register the function under a name of its own and build the framework's app for it, as `functions-framework --target` does. */
function frameworkApp(fn: LocalFunction): Server {
  registered += 1;
  const name = `local-${process.pid}-${registered}`;
  if (fn.signature === 'http') functions.http(name, fn.handler);
  else functions.cloudEvent(name, fn.handler);
  return getTestServer(name);
}

export function createLocalServer(fn: LocalFunction, options: LocalServerOptions): Server {
  const inner = frameworkApp(fn);
  const linger = options.lingerMs ?? 1000;
  const server = createServer();
  // Slow senders may not hold a connection open for long.
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;

  const answer = (req: IncomingMessage, res: ServerResponse, refusal: Refusal, started: number) => {
    // A body refused unread is not kept: Node discards what follows, and a sender still at it once the client has had
    // time to read the answer is cut off. Closing at once would reset the connection under an answer not yet read.
    res.once('finish', () =>
      setTimeout(() => {
        if (!req.complete) req.socket.destroy();
      }, linger).unref(),
    );
    res.writeHead(refusal.status, { 'content-type': 'application/json; charset=utf-8', ...refusal.headers });
    res.end(JSON.stringify(refusal.body));
    const path = pathOf(req.url ?? '/');
    const ms = Math.round((performance.now() - started) * 10) / 10;
    if (path !== '/healthz')
      options.logger.info('request', { method: req.method, path: path.slice(0, 200), status: refusal.status, ms, ...refusal.log });
  };

  const serve = async (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean) => {
    const started = performance.now();
    const head = {
      method: req.method ?? 'GET',
      path: pathOf(req.url ?? '/'),
      headers: req.headers,
      loopback: fromThisComputer(req.socket.remoteAddress, req.headers.host),
    };
    let admission: Admission;
    try {
      admission = await admit(head, options.gate);
    } catch (error) {
      options.logger.error('request failed', { path: head.path, error: error instanceof Error ? error.name : 'unknown' });
      const body = { status: 'error', code: 'INTERNAL', message: 'internal error; see the function logs' };
      return answer(req, res, { status: 500, body, log: { outcome: 'error' } }, started);
    }
    if (!admission.ok) return answer(req, res, admission, started);
    if (expectsContinue) res.writeContinue();
    if (admission.body !== 0) {
      const read = await readBody(req, admission.body, options.gate.maxBodyBytes);
      const refused = read.ok ? attachBody(req, read.raw, fn.signature) : read;
      if (refused) return answer(req, res, refused, started);
    }
    rememberAdmission(req, admission);
    inner.emit('request', req, res);
  };

  // A failure past every answer above (a socket gone mid-write) ends that connection, never the process.
  const handle = (expectsContinue: boolean) => (req: IncomingMessage, res: ServerResponse) =>
    void serve(req, res, expectsContinue).catch(() => req.socket.destroy());
  server.on('request', handle(false));
  // `Expect: 100-continue`: the client waits for our word before sending the body, so a refusal costs it nothing.
  server.on('checkContinue', handle(true));
  return server;
}

/**
 * Hands the bytes over as the framework's parsers would have: raw for an HTTP function (the handler parses
 * them), the parsed event for a CloudEvent function. A request read whole is one body-parser skips.
 */
function attachBody(req: IncomingMessage, raw: Buffer, signature: LocalFunction['signature']): Refusal | undefined {
  const target = req as IncomingMessage & { body?: unknown; rawBody?: Buffer };
  target.rawBody = raw;
  if (signature === 'http') {
    target.body = raw;
    return undefined;
  }
  const parsed = jsonObject(raw);
  if (!parsed.ok) return { status: 400, body: { status: 'bad_request', message: parsed.message }, log: { outcome: 'bad_request' } };
  target.body = parsed.value;
  return undefined;
}

/** The body, read whole up to the limit: a chunked one is cut off the moment it passes it. */
async function readBody(
  req: IncomingMessage,
  declared: number | 'chunked',
  limit: number,
): Promise<{ ok: true; raw: Buffer } | ({ ok: false } & Refusal)> {
  try {
    return { ok: true, raw: await getRawBody(req, { limit, ...(declared === 'chunked' ? {} : { length: declared }) }) };
  } catch (error) {
    const type = (error as getRawBody.RawBodyError).type;
    if (type === 'entity.too.large') {
      const body = { status: 'too_large', code: 'TOO_LARGE', message: `body is over the limit of ${limit} bytes` };
      return { ok: false, status: 413, body, log: { outcome: 'too_large' } };
    }
    const body = { status: 'bad_request', code: 'BAD_BODY', message: 'the body ended before its Content-Length' };
    return { ok: false, status: 400, body, log: { outcome: type === 'request.aborted' ? 'aborted' : 'bad_request' } };
  }
}
