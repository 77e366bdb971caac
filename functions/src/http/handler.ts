// The HTTP surface: routes, bearer-token check, body limits and JSON answers; the work is done by jobs.
import { performance } from 'node:perf_hooks';
import type { Request, Response } from '@google-cloud/functions-framework';
import { z } from 'zod';
import { SettingsError } from '../core/settings.js';
import { HeaderError } from '../core/table.js';
import { type Clock, type Logger, type SheetStore, StoreError, type IdTokenVerifier } from '../ports.js';
import type { FeedbackOptions, FeedbackReport } from '../jobs/feedback.js';
import type { RecomputeReport } from '../jobs/recompute.js';
import type { RenewReport } from '../jobs/renew-watches.js';
import { submit } from '../jobs/submit.js';
import { authorize } from './auth.js';

export interface HandlerDeps {
  readonly store: SheetStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly maxBodyBytes: number;
  readonly submitToken?: string;
  /** Serialized, coalesced recompute of the derived tabs, and what an accepted submission calls for. */
  readonly recompute: { request(): Promise<RecomputeReport>; afterSubmit(id: string): Promise<void> };
  /** Serialized feedback runs; absent with MAILER=off. */
  readonly feedback?: { request(options?: FeedbackOptions): Promise<FeedbackReport> };
  /** Google-signed identity tokens accepted besides the shared token (ID_TOKEN_AUDIENCES). */
  readonly idTokens?: IdTokenVerifier;
  /** The Forms watch renewal; absent when FORMS_WATCH_TOPIC is not set. */
  readonly renewWatches?: () => Promise<RenewReport>;
}

type Outcome = { readonly status: number; readonly body: Record<string, unknown>; readonly log?: Record<string, string | number> };

/** The JSON object a request carries, or why it does not carry one. */
function jsonBody(req: Request): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  let value: unknown = req.body;
  if (Buffer.isBuffer(value) || typeof value === 'string') {
    const text = value.toString();
    try {
      value = JSON.parse(text);
    } catch {
      return { ok: false, message: 'body is not valid JSON' };
    }
  }
  if (value === undefined || (Buffer.isBuffer(req.body) && req.body.length === 0))
    return { ok: false, message: 'body is empty; send a JSON object' };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, message: 'body must be a JSON object' };
  return { ok: true, value: value as Record<string, unknown> };
}

function bodySize(req: Request): number {
  if (req.rawBody) return req.rawBody.length;
  const declared = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(declared) ? declared : 0;
}

/** Map failures of the workbook or its Settings to an answer that says what to fix. */
function failure(error: unknown): Outcome {
  if (error instanceof HeaderError || error instanceof SettingsError) {
    return { status: 503, body: { status: 'error', code: 'WORKBOOK_INVALID', message: error.message } };
  }
  if (error instanceof StoreError) {
    const status = error.code === 'RATE_LIMITED' ? 429 : 503;
    return { status, body: { status: 'error', code: error.code, message: error.message } };
  }
  return { status: 500, body: { status: 'error', code: 'INTERNAL', message: 'internal error; see the function logs' } };
}

export function createHandler(deps: HandlerDeps): (req: Request, res: Response) => Promise<void> {
  const routes: Record<string, Partial<Record<string, (req: Request) => Promise<Outcome>>>> = {
    '/healthz': { GET: () => handleHealth(deps) },
    '/submissions': { POST: (req) => handleSubmission(req, deps) },
    '/recompute': { POST: (req) => handleRecompute(req, deps) },
    '/feedback/send': { POST: (req) => handleFeedback(req, deps) },
    '/watches/renew': { POST: (req) => handleRenewWatches(req, deps) },
  };

  return async (req, res) => {
    const started = performance.now();
    const route = routes[req.path];
    const handle = route?.[req.method];
    let outcome: Outcome;
    if (!route) outcome = { status: 404, body: { status: 'error', code: 'NOT_FOUND', message: `no route ${req.path}` } };
    else if (!handle) {
      res.setHeader('Allow', Object.keys(route).join(', '));
      outcome = {
        status: 405,
        body: { status: 'error', code: 'METHOD_NOT_ALLOWED', message: `${req.method} is not allowed on ${req.path}` },
      };
    } else {
      try {
        outcome = await handle(req);
      } catch (error) {
        outcome = failure(error);
        deps.logger.error('request failed', {
          path: req.path,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
      }
    }
    res.status(outcome.status).json(outcome.body);
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

/** The store's own cheap check: 503 when the workbook cannot be served, so a health check never says ok while every request fails. */
async function handleHealth(deps: HandlerDeps): Promise<Outcome> {
  const health = deps.store.health ? await deps.store.health() : ({ status: 'ok' } as const);
  if (health.status === 'ok') return { status: 200, body: { status: 'ok' } };
  return { status: health.status === 'unreadable' ? 503 : 200, body: { ...health } };
}

const UNAUTHORIZED: Outcome = {
  status: 401,
  body: { status: 'unauthorized', message: 'missing or wrong bearer token' },
  log: { outcome: 'unauthorized' },
};

/** The refusal to answer, or undefined when the caller may go on. */
async function refusal(req: Request, deps: HandlerDeps): Promise<Outcome | undefined> {
  const decision = await authorize(req.header('authorization'), {
    ...(deps.submitToken === undefined ? {} : { submitToken: deps.submitToken }),
    ...(deps.idTokens === undefined ? {} : { idTokens: deps.idTokens }),
  });
  return decision.ok ? undefined : { ...UNAUTHORIZED, log: { outcome: 'unauthorized', reason: decision.reason } };
}

async function handleRecompute(req: Request, deps: HandlerDeps): Promise<Outcome> {
  const refused = await refusal(req, deps);
  if (refused) return refused;
  const report = await deps.recompute.request();
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
  const refused = await refusal(req, deps);
  if (refused) return refused;
  if (deps.feedback === undefined) {
    return {
      status: 409,
      body: { status: 'error', code: 'MAILER_OFF', message: 'feedback e-mail is off (MAILER=off); set MAILER to outbox, smtp or gmail' },
    };
  }
  const empty =
    req.body === undefined ||
    (Buffer.isBuffer(req.body) && req.body.length === 0) ||
    (typeof req.body === 'object' && req.body !== null && Object.keys(req.body as object).length === 0);
  const body = empty ? { ok: true as const, value: {} } : jsonBody(req);
  if (!body.ok) return { status: 400, body: { status: 'bad_request', message: body.message }, log: { outcome: 'bad_request' } };
  const parsed = feedbackOptions.safeParse({
    ...body.value,
    ...(req.query['dry_run'] === '1' || req.query['dry_run'] === 'true' ? { dryRun: true } : {}),
  });
  if (!parsed.success) {
    return {
      status: 400,
      body: {
        status: 'bad_request',
        message: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '),
      },
      log: { outcome: 'bad_request' },
    };
  }
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

async function handleSubmission(req: Request, deps: HandlerDeps): Promise<Outcome> {
  const refused = await refusal(req, deps);
  if (refused) return refused;
  const size = bodySize(req);
  if (size > deps.maxBodyBytes) {
    return {
      status: 413,
      body: { status: 'too_large', message: `body is ${size} bytes; the limit is ${deps.maxBodyBytes}` },
      log: { outcome: 'too_large' },
    };
  }
  const body = jsonBody(req);
  if (!body.ok) return { status: 400, body: { status: 'bad_request', message: body.message }, log: { outcome: 'bad_request' } };

  const result = await submit(body.value, deps.store, deps.clock);
  const log = { outcome: result.status, ...(result.id ? { id: result.id } : {}), ...(result.kind ? { kind: result.kind } : {}) };
  if (result.status === 'rejected') return { status: 422, body: { status: 'rejected', errors: result.errors }, log };
  if (result.status === 'accepted') await deps.recompute.afterSubmit(result.id);
  return { status: 200, body: { status: result.status }, log };
}

/** Cloud Scheduler's daily call: renew or create every form's watch; a form that failed makes it a 503, so the run is retried. */
async function handleRenewWatches(req: Request, deps: HandlerDeps): Promise<Outcome> {
  const refused = await refusal(req, deps);
  if (refused) return refused;
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
