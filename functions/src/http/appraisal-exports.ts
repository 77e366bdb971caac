// POST /appraisal/exports: the CLI records an export through the running server, which owns the workbook while `npm start` runs.
import type { Request } from '@google-cloud/functions-framework';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { parsePeriod, periodProblem } from '../core/appraisal/period.js';
import { recordAppraisalExport } from '../jobs/appraisal-export.js';
import type { Clock, SheetStore } from '../ports.js';
import type { RecomputeReport } from '../jobs/recompute.js';
import { jsonObject } from './json-body.js';

export interface AppraisalExportDeps {
  readonly store: SheetStore;
  readonly clock: Clock;
  readonly recompute: { request(): Promise<RecomputeReport> };
}

export interface AppraisalExportOutcome {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly log?: Readonly<Record<string, string | number>>;
}

/** What the CLI sends: which period it wrote, when, and the digest of the figures in its files (not the rows). */
const recordRequest = z
  .object({
    period: z.string().max(20),
    exported_at: z.string().refine((text) => DateTime.fromISO(text, { setZone: true }).isValid, 'not an ISO-8601 time'),
    digest: z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in hex'),
  })
  .strict();

const bad = (message: string): AppraisalExportOutcome => ({
  status: 400,
  body: { status: 'bad_request', message },
  log: { outcome: 'bad_request' },
});

/**
 * Records the export when the server's figures are still those the CLI wrote (409 otherwise: export again),
 * then recomputes so the Appraisal tab's marks clear, and saves.
 */
export async function handleAppraisalExports(req: Request, deps: AppraisalExportDeps): Promise<AppraisalExportOutcome> {
  const body = jsonObject(req.body);
  if (!body.ok) return bad(body.message);
  const parsed = recordRequest.safeParse(body.value);
  if (!parsed.success) return bad(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
  const period = parsePeriod(parsed.data.period);
  if (period === undefined) return bad(periodProblem(parsed.data.period));
  const outcome = await recordAppraisalExport(deps.store, deps.clock, period, {
    exportedAt: parsed.data.exported_at,
    digest: parsed.data.digest,
  });
  if (outcome.status === 'changed') {
    return {
      status: 409,
      body: {
        status: 'error',
        code: 'APPRAISAL_CHANGED',
        message: '导出后考核数据已变化，请重新导出 / the appraisal figures changed since the files were written; export again',
      },
      log: { outcome: 'appraisal_changed' },
    };
  }
  await deps.recompute.request();
  await deps.store.flush?.();
  return {
    status: 200,
    body: { status: 'ok', period: period.id, rows: outcome.rows, appended: outcome.appended },
    log: { outcome: 'appraisal_recorded', rows: outcome.rows },
  };
}
