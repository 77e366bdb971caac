// `export-appraisal`: one period's Appraisal rows as .xlsx and CSV for HR, then the record that clears their mark.
import path from 'node:path';
import { writeAppraisalFiles } from '../functions/src/adapters/appraisal/export-files.js';
import { systemClock } from '../functions/src/adapters/system-clock.js';
import { storeFor } from '../functions/src/app.js';
import type { Config } from '../functions/src/config.js';
import { parsePeriod, periodProblem, type Period } from '../functions/src/core/appraisal/period.js';
import { readCliToken } from '../functions/src/http/cli-token.js';
import { readServerAddress } from '../functions/src/http/server-address.js';
import { plainRow, prepareAppraisalExport, recordAppraisalExport, type PreparedExport } from '../functions/src/jobs/appraisal-export.js';
import { runRecompute } from '../functions/src/jobs/recompute.js';
import { StoreError } from '../functions/src/ports.js';

export class PeriodError extends Error {}

/** Where the files go without --out: beside the workbook, in exports/. */
export function defaultExportDir(config: Pick<Config, 'workbookPath'>): string {
  return path.join(path.dirname(config.workbookPath), 'exports');
}

type Recorded = { readonly via: 'store' | 'server'; readonly rows: number } | { readonly via: 'none'; readonly why: string };

/**
 * While `npm start` runs, the server owns the workbook (a write here is IN_USE), so the export reads as any
 * reader may and asks the server, with the CLI token, to record it; otherwise it records and recomputes itself.
 */
async function record(config: Config, period: Period, prepared: PreparedExport): Promise<Recorded> {
  const store = storeFor(config);
  try {
    const outcome = await recordAppraisalExport(store, systemClock, period, prepared);
    if (outcome.status === 'changed') return { via: 'none', why: 'the figures changed while the files were written; export again' };
    await runRecompute(store, systemClock);
    await store.flush?.();
    return { via: 'store', rows: outcome.rows };
  } catch (error) {
    if (!(error instanceof StoreError && error.code === 'IN_USE')) throw error;
    return recordThroughServer(config, period, prepared);
  }
}

async function recordThroughServer(config: Config, period: Period, prepared: PreparedExport): Promise<Recorded> {
  const token = await readCliToken(config);
  if (token === undefined) return { via: 'none', why: 'another program writes the workbook and no server token was found' };
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  // The address the running server wrote at its start (any PORT); the configured one when it wrote none.
  const server = (await readServerAddress(config)) ?? `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
  let answer: Response;
  try {
    answer = await fetch(`${server}/appraisal/exports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ period: period.id, exported_at: prepared.exportedAt, digest: prepared.digest }),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    return {
      via: 'none',
      why: `服务器 ${server} 无应答（${cause}），另一个程序正在写入工作簿；请在服务器运行时重新导出 / the server at ${server} did not answer (${cause}) while another program writes the workbook; export again once it runs`,
    };
  }
  const body = (await answer.json().catch(() => ({}))) as { rows?: number; message?: string };
  if (answer.ok) return { via: 'server', rows: body.rows ?? 0 };
  return { via: 'none', why: `the server answered ${answer.status}: ${body.message ?? answer.statusText}` };
}

export interface ExportSummary {
  readonly lines: readonly string[];
  readonly ok: boolean;
}

export async function exportAppraisal(config: Config, periodText: string, outDir: string | undefined): Promise<ExportSummary> {
  const period = parsePeriod(periodText);
  if (period === undefined) throw new PeriodError(periodProblem(periodText));
  const prepared = await prepareAppraisalExport(storeFor(config), systemClock, period);
  const rows = prepared.rows.map(plainRow);
  const files = await writeAppraisalFiles(outDir ?? defaultExportDir(config), period.id, rows, new Date(prepared.exportedAt));
  const count = (mark: string) => prepared.rows.filter((row) => row.export_mark === mark).length;
  const lines = [
    `Wrote ${rows.length} rows of ${period.id} (${count('未导出')} not exported before, ${count('已变更')} changed since, ${count('已导出')} unchanged):`,
    `  ${files.xlsx}`,
    `  ${files.csv}`,
  ];
  const recorded = await record(config, period, prepared);
  if (recorded.via === 'none')
    return {
      lines: [
        ...lines,
        `未记入 AppraisalExports，上述文件不算已导出 / Not recorded in AppraisalExports, so the files above do not count as exported: ${recorded.why}.`,
      ],
      ok: false,
    };
  const how = recorded.via === 'server' ? ' by the running server' : '';
  return { lines: [...lines, `Recorded in AppraisalExports${how}; the Appraisal tab marks these rows 已导出.`], ok: true };
}
