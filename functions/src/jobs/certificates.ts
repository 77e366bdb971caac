// Issues the certificates the results call for during a recompute: serials into the register, PDFs into storage, then the tab.
import { certificateContent } from '../core/certificates/content.js';
import { issueDue, readRegister, type IssuedCertificate } from '../core/certificates/register.js';
import { dueCertificates } from '../core/certificates/rules.js';
import type { RecomputeResult } from '../core/grading/recompute.js';
import type { SourceRows } from '../core/source-data.js';
import type { RowRecord, Table } from '../core/table.js';
import { performance } from 'node:perf_hooks';
import type { DateTime } from 'luxon';
import { CERTIFICATES_TAB, SETTINGS_TAB } from '../../../sheets-templates/index.js';
import { parseSettings } from '../core/settings.js';
import { verifyCertificate, type Verification } from '../core/certificates/verify.js';
import type { CertificateFiles, Logger, SheetStore } from '../ports.js';

export interface CertificateDeps {
  readonly files: CertificateFiles;
  /** The HMAC key of serials (CERTIFICATE_SECRET, or the local data folder's own); throws when none can be had. */
  readonly secret: () => Promise<string>;
  readonly logger?: Logger;
  /** Stop storing PDFs after this long in one run; the rest are stored by the next runs (their serials are issued at once). */
  readonly fileBudgetMs?: number;
}

export interface CertificateRun {
  readonly rows: readonly RowRecord[];
  readonly issued: number;
  readonly stored: number;
  /** Issued certificates whose PDF is not stored yet. */
  readonly waiting: number;
}

/** About 30 certificates (a PDF takes 50–250 ms to draw): a recompute is never held up long by a cohort's certificates. */
const DEFAULT_FILE_BUDGET_MS = 3000;

/**
 * New serials are decided first and from the register alone, so a rerun (or a retry after a crash before the
 * tab was written) finds the same next sequence and the same facts, and so the same serial; storage never
 * stores a serial twice. A PDF that could not be stored leaves the row's file blank for the next run.
 */
export async function issueCertificates(
  deps: CertificateDeps,
  input: { readonly table: Table | undefined; readonly result: RecomputeResult; readonly source: SourceRows; readonly now: DateTime },
): Promise<CertificateRun> {
  const { settings } = input.source;
  const secret = await deps.secret();
  const register = readRegister(input.table, settings.time_zone);
  const issue = issueDue(register, dueCertificates(input.result, input.source), input.now, secret, settings.language);
  const stored = new Map<string, string>();
  const started = performance.now();
  const budget = deps.fileBudgetMs ?? DEFAULT_FILE_BUDGET_MS;
  const unstored = issue.issued.filter((certificate) => certificate.file === '');
  for (const certificate of unstored) {
    if (performance.now() - started > budget) break;
    try {
      stored.set(certificate.serial, await storeCertificate(deps.files, certificate, input.source));
    } catch (error) {
      deps.logger?.warn('certificate not stored; the next recompute tries again', {
        serial: certificate.serial,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  const fresh = new Set(issue.fresh.map((certificate) => certificate.serial));
  const rows = issue.rows.map((row) => {
    const serial = typeof row['serial'] === 'string' ? row['serial'] : '';
    const file = stored.get(serial);
    return file === undefined ? row : { ...row, file };
  });
  if (fresh.size > 0) deps.logger?.info('certificates issued', { issued: fresh.size, stored: stored.size });
  return { rows, issued: fresh.size, stored: stored.size, waiting: unstored.length - stored.size };
}

async function storeCertificate(files: CertificateFiles, certificate: IssuedCertificate, source: SourceRows): Promise<string> {
  // pdfkit and the font are loaded with the first certificate to draw, not by every cold start.
  const { renderCertificatePdf } = await import('../adapters/certificates/certificate-pdf.js');
  const pdf = await renderCertificatePdf(certificateContent(certificate, source.settings), certificate.issued_on);
  return files.put(certificate.serial, pdf);
}

/**
 * Whether a serial is genuine, from the register as it stands: one read of Settings (the time zone) and the
 * Certificates tab. A serial without a serial's shape is refused before anything is read.
 */
export async function verifySerial(store: SheetStore, secret: () => Promise<string>, serial: string): Promise<Verification> {
  const refused = verifyCertificate(serial, [], '');
  if (!refused.genuine && refused.reason === 'malformed') return refused;
  const key = await secret();
  const tables = await store.read([SETTINGS_TAB.name, CERTIFICATES_TAB.name]);
  const zone = parseSettings(tables.get(SETTINGS_TAB.name)).time_zone;
  return verifyCertificate(serial, readRegister(tables.get(CERTIFICATES_TAB.name), zone).issued, key);
}
