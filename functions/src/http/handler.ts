// The HTTP surface: the gate (route, size, media type, credential), then JSON bodies and answers; the work is done by jobs.
import { performance } from 'node:perf_hooks';
import type { Request, Response } from '@google-cloud/functions-framework';
import type { DateTime } from 'luxon';
import { z } from 'zod';
import { carriesEnvelope } from '../core/intake.js';
import { SettingsError } from '../core/settings.js';
import { HeaderError } from '../core/table.js';
import { type Clock, type Logger, type SheetStore, StoreError } from '../ports.js';
import type { FeedbackOptions, FeedbackReport } from '../jobs/feedback.js';
import type { RecomputeReport } from '../jobs/recompute.js';
import type { RenewReport } from '../jobs/renew-watches.js';
import type { Verification } from '../core/certificates/verify.js';
import { certificateAnswer } from './certificate-route.js';
import { submit } from '../jobs/submit.js';
import { handleAppraisalExports } from './appraisal-exports.js';
import { checkinForm, checkinSubmit } from '../jobs/checkin.js';
import { PAGE_HEADERS } from '../core/checkin/page.js';
import { fromThisComputer } from './auth.js';
import { admissionOf, admit, type Admission, type GatePolicy } from './gate.js';
import { isEmptyBody, jsonObject } from './json-body.js';

export interface HandlerDeps {
  readonly store: SheetStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Routes, credentials, media types and the body limit every request is admitted by. */
  readonly gate: GatePolicy;
  /** Absolute paths an error message may carry, each with the name to show instead (the workbook as configured). */
  readonly shownPaths: readonly (readonly [absolute: string, shown: string])[];
  /** Serialized, coalesced recompute of the derived tabs, and what an accepted submission calls for. */
  readonly recompute: { request(): Promise<RecomputeReport>; afterSubmit(id: string): Promise<void> };
  /** Serialized feedback runs; absent with MAILER=off. */
  readonly feedback?: { request(options?: FeedbackOptions): Promise<FeedbackReport> };
  /** The Forms watch renewal; absent when FORMS_WATCH_TOPIC is not set. */
  readonly renewWatches?: () => Promise<RenewReport>;
  /** QR check-in: the key its links are signed with (undefined: not set up). */
  readonly checkinSecret?: () => Promise<string | undefined>;
  /** Certificates (issue 17 part 1): whether a serial is genuine; absent when certificates are off. */
  readonly verifyCertificate?: (serial: string) => Promise<Verification>;
}

type Outcome = {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly log?: Readonly<Record<string, string | number>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** A page for people (the check-in page) instead of the JSON body. */
  readonly html?: string;
};

type Route = (req: Request, receivedAt: DateTime) => Promise<Outcome>;

const badRequest = (message: string): Outcome => ({
  status: 400,
  body: { status: 'bad_request', message },
  log: { outcome: 'bad_request' },
});

/** Names instead of absolute paths, so an answer does not show where the server keeps its files. */
function shown(message: string, paths: HandlerDeps['shownPaths']): string {
  return paths.reduce((text, [absolute, name]) => (absolute === '' ? text : text.replaceAll(absolute, name)), message);
}

/** Map failures of the workbook or its Settings to an answer that says what to fix. */
function failure(error: unknown, paths: HandlerDeps['shownPaths']): Outcome {
  if (error instanceof HeaderError || error instanceof SettingsError) {
    return { status: 503, body: { status: 'error', code: 'WORKBOOK_INVALID', message: shown(error.message, paths) } };
  }
  if (error instanceof StoreError) {
    const status = error.code === 'RATE_LIMITED' ? 429 : 503;
    // A form trigger that honours Retry-After waits as long as Google's quota asks, not its own guess.
    const retry = error.retryAfterSeconds === undefined ? {} : { headers: { 'Retry-After': String(Math.ceil(error.retryAfterSeconds)) } };
    return { status, body: { status: 'error', code: error.code, message: shown(error.message, paths) }, ...retry };
  }
  return { status: 500, body: { status: 'error', code: 'INTERNAL', message: 'internal error; see the function logs' } };
}

const refused = (admission: Admission & { ok: false }): Outcome => ({
  status: admission.status,
  body: admission.body,
  log: admission.log,
  ...(admission.headers ? { headers: admission.headers } : {}),
});

export function createHandler(deps: HandlerDeps): (req: Request, res: Response) => Promise<void> {
  const routes: Record<string, Route> = {
    'GET /healthz': () => health(deps),
    'POST /submissions': (req, receivedAt) => handleSubmission(req, receivedAt, deps),
    'POST /recompute': () => handleRecompute(deps),
    'POST /feedback/send': (req) => handleFeedback(req, deps),
    'POST /watches/renew': () => handleRenewWatches(deps),
    // Appraisal (issue 17 part 3): the CLI's export recorded by the server that owns the workbook.
    'POST /appraisal/exports': (req) => handleAppraisalExports(req, deps),
    'GET /checkin': (req, receivedAt) => handleCheckin(req, receivedAt, deps),
    'POST /checkin': (req, receivedAt) => handleCheckin(req, receivedAt, deps),
  };

  return async (req, res) => {
    const started = performance.now();
    const receivedAt = deps.clock.now();
    let outcome: Outcome;
    try {
      // The local launcher admitted the request before reading its body; under the framework's server, do it here.
      const head = {
        method: req.method,
        path: req.path,
        headers: req.headers,
        loopback: fromThisComputer(req.socket.remoteAddress, req.headers.host),
      };
      const admission = admissionOf(req, req.method, req.path) ?? (await admit(head, deps.gate));
      const route =
        routes[`${req.method} ${req.path}`] ??
        (req.method === 'GET' && req.path.startsWith('/certificates/')
          ? () => certificateAnswer(req.path, deps.verifyCertificate)
          : undefined);
      if (!admission.ok) outcome = refused(admission);
      else if (route === undefined)
        outcome = { status: 404, body: { status: 'error', code: 'NOT_FOUND', message: `no route ${req.path}` } };
      else outcome = await route(req, receivedAt);
    } catch (error) {
      outcome = failure(error, deps.shownPaths);
      deps.logger.error('request failed', {
        path: req.path,
        error: error instanceof Error ? shown(`${error.name}: ${error.message}`, deps.shownPaths) : 'unknown',
      });
    }
    for (const [name, value] of Object.entries(outcome.headers ?? {})) res.setHeader(name, value);
    if (outcome.html === undefined) res.status(outcome.status).json(outcome.body);
    else res.status(outcome.status).send(outcome.html);
    const fields = {
      method: req.method,
      path: req.path,
      status: outcome.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      ...outcome.log,
    };
    if (req.path !== '/healthz') deps.logger.info('request', fields);
  };
}

/**
 * Up, and how the workbook stands: `open-elsewhere` with the entries waiting while a spreadsheet program holds
 * the file (still accepting them), 503 when the file cannot be read (missing, not a workbook, a broken header
 * row: every request touching it would fail) or saved; `reason` says which.
 */
async function health(deps: HandlerDeps): Promise<Outcome> {
  const store = deps.store.health
    ? await deps.store.health().catch((error: unknown) => ({
        workbook: 'unreadable' as const,
        pending: 0,
        detail: error instanceof Error ? error.message : String(error),
      }))
    : undefined;
  if (!store) return { status: 200, body: { status: 'ok' } };
  const failing = store.workbook === 'unreadable' || store.workbook === 'save-failed';
  return {
    status: failing ? 503 : 200,
    body: {
      status: failing ? 'error' : 'ok',
      workbook: store.workbook,
      pending: store.pending,
      ...(store.workbook !== 'ok' && store.detail ? { reason: store.detail } : {}),
    },
  };
}

async function handleRecompute(deps: HandlerDeps): Promise<Outcome> {
  const report = await deps.recompute.request();
  // Whoever asks for a recompute wants the workbook current: save now rather than with the next batch.
  await deps.store.flush?.();
  const counts = {
    grades: report.grades,
    retakes: report.retakes,
    archive: report.archive,
    summary: report.summary,
    problem_rows: report.problemRows,
  };
  return { status: 200, body: { status: 'ok', ...counts }, log: { outcome: 'recomputed', ...counts } };
}

const feedbackOptions = z
  .object({
    dryRun: z.boolean().optional(),
    /** Send pending messages without waiting for their hold. */
    sendNow: z.boolean().optional(),
    limit: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();

async function handleFeedback(req: Request, deps: HandlerDeps): Promise<Outcome> {
  if (deps.feedback === undefined) {
    return {
      status: 409,
      body: { status: 'error', code: 'MAILER_OFF', message: 'feedback e-mail is off (MAILER=off); set MAILER to outbox, smtp or gmail' },
    };
  }
  const body = isEmptyBody(req.body) ? { ok: true as const, value: {} } : jsonObject(req.body);
  if (!body.ok) return badRequest(body.message);
  const parsed = feedbackOptions.safeParse({
    ...body.value,
    ...(req.query['dry_run'] === '1' || req.query['dry_run'] === 'true' ? { dryRun: true } : {}),
  });
  if (!parsed.success)
    return badRequest(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
  const { dryRun, sendNow, limit } = parsed.data;
  const report = await deps.feedback.request({
    ...(dryRun ? { dryRun } : {}),
    ...(sendNow ? { ignoreHold: true } : {}),
    ...(limit === undefined ? {} : { limit }),
  });
  const { preview, ...counts } = report;
  return {
    status: 200,
    body: { status: 'ok', ...counts, ...(preview ? { preview } : {}) },
    log: { outcome: dryRun ? 'feedback_preview' : 'feedback_sent', sent: counts.sent, failed: counts.failed, remaining: counts.remaining },
  };
}

/** The bytes as they arrived: the launcher and the framework both keep them. */
function rawOf(req: Request): Buffer | undefined {
  if (Buffer.isBuffer(req.rawBody)) return req.rawBody;
  return Buffer.isBuffer(req.body) ? req.body : undefined;
}

async function handleSubmission(req: Request, receivedAt: DateTime, deps: HandlerDeps): Promise<Outcome> {
  // A chunked body declares no length; under the framework's server it is only measured once read.
  const size = rawOf(req)?.length ?? 0;
  if (size > deps.gate.maxBodyBytes) {
    return {
      status: 413,
      body: { status: 'too_large', code: 'TOO_LARGE', message: `body is ${size} bytes; the limit is ${deps.gate.maxBodyBytes}` },
      log: { outcome: 'too_large' },
    };
  }
  const body = jsonObject(req.body);
  if (!body.ok) return badRequest(body.message);
  if (!carriesEnvelope(body.value)) return badRequest('not a submission: send a JSON object with id, kind, submittedAt and answers');

  const raw = rawOf(req);
  const result = await submit(body.value, deps.store, deps.clock, {
    receivedAt,
    ...(raw ? { raw } : {}),
    ...(deps.checkinSecret ? { checkinSecret: deps.checkinSecret } : {}),
  });
  const log = { outcome: result.status, ...(result.id ? { id: result.id } : {}), ...(result.kind ? { kind: result.kind } : {}) };
  if (result.status === 'rejected') return { status: 422, body: { status: 'rejected', errors: result.errors }, log };
  if (result.status === 'accepted') await deps.recompute.afterSubmit(result.id);
  return { status: 200, body: { status: result.status }, log };
}

/** Cloud Scheduler's daily call: renew or create every form's watch; a form that failed makes it a 503, so the run is retried. */
async function handleRenewWatches(deps: HandlerDeps): Promise<Outcome> {
  if (!deps.renewWatches) {
    return {
      status: 503,
      body: {
        status: 'error',
        code: 'NOT_CONFIGURED',
        message: 'set FORMS_WATCH_TOPIC (projects/<project>/topics/<topic>) to manage Forms watches',
      },
    };
  }
  const report = await deps.renewWatches();
  const counts = { created: report.created, renewed: report.renewed, kept: report.kept, failed: report.failed };
  const forms = report.forms.map((form) => ({
    kind: form.kind,
    form_id: form.formId,
    action: form.action,
    ...(form.expiresAt === undefined ? {} : { expires_at: form.expiresAt }),
    ...(form.code === undefined ? {} : { code: form.code, message: form.message }),
  }));
  if (report.failed > 0)
    return {
      status: 503,
      body: { status: 'error', code: 'RENEWAL_INCOMPLETE', ...counts, forms },
      log: { outcome: 'renewal_incomplete', ...counts },
    };
  return { status: 200, body: { status: 'ok', ...counts, forms }, log: { outcome: 'renewed', ...counts } };
}

/** QR check-in: the page for a signed link (GET), or the check-in its form posts (POST, urlencoded). */
async function handleCheckin(req: Request, receivedAt: DateTime, deps: HandlerDeps): Promise<Outcome> {
  const checkin = { store: deps.store, clock: deps.clock, secret: deps.checkinSecret ?? (() => Promise.resolve(undefined)) };
  const page =
    req.method === 'GET'
      ? await checkinForm(new URLSearchParams(queryOf(req.originalUrl ?? req.url)), receivedAt, checkin)
      : await checkinSubmit(new URLSearchParams(rawOf(req)?.toString('utf8') ?? ''), receivedAt, checkin);
  const result = page.result;
  if (result?.status === 'accepted') await deps.recompute.afterSubmit(result.id);
  return {
    status: page.status,
    body: {},
    html: page.html,
    headers: PAGE_HEADERS,
    log: { outcome: page.outcome, ...(result?.id ? { id: result.id } : {}) },
  };
}

/** The query string of a request target, without its `?`. */
function queryOf(url: string): string {
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at + 1).replace(/#.*$/s, '');
}
