// Which certificates ride on which feedback e-mail: the completion and level ones on the result, the excellence one on the congratulation.
import { certificateContent } from '../core/certificates/content.js';
import { identityOf, readRegister, type IssuedCertificate } from '../core/certificates/register.js';
import { dueCertificates, type DueCertificate } from '../core/certificates/rules.js';
import type { Feedback } from '../core/feedback/desired.js';
import type { RecomputeResult } from '../core/grading/recompute.js';
import type { SourceRows } from '../core/source-data.js';
import type { Table } from '../core/table.js';
import type { CertificateFiles } from '../ports.js';

export interface Attachments {
  /** The desired e-mails that may go now: those whose certificates are all issued and stored, and those that carry none. */
  readonly ready: readonly Feedback[];
  /** Certificates to attach, by feedback key. */
  readonly byKey: ReadonlyMap<string, readonly IssuedCertificate[]>;
}

function carries(message: Feedback, certificate: DueCertificate): boolean {
  if (certificate.trainee_id !== message.traineeId) return false;
  if (message.kind === 'excellent') return certificate.kindCode === 'excellent' && certificate.course_id === message.courseId;
  if (message.kind !== 'result' || message.facts.kind !== 'result') return false;
  return certificate.kindCode !== 'excellent' && certificate.basis_course === message.courseId;
}

/**
 * An e-mail whose certificate is due but not yet issued or stored waits (it is left out of this run) until a
 * recompute has stored it, so the certificate goes with the one e-mail that is sent, never in a second one.
 * Without the Certificates tab (certificates off) nothing waits and nothing is attached.
 */
export function attachCertificates(
  desired: readonly Feedback[],
  table: Table | undefined,
  result: RecomputeResult,
  source: SourceRows,
): Attachments {
  if (table === undefined) return { ready: desired, byKey: new Map() };
  const issued = new Map(readRegister(table, source.settings.time_zone).issued.map((c) => [identityOf(c), c]));
  const due = dueCertificates(result, source);
  const ready: Feedback[] = [];
  const byKey = new Map<string, IssuedCertificate[]>();
  for (const message of desired) {
    const mine = due.filter((certificate) => carries(message, certificate));
    const stored = mine.map((certificate) => issued.get(certificate.identity)).filter((c) => c !== undefined && c.file !== '');
    if (stored.length < mine.length) continue;
    ready.push(message);
    if (stored.length > 0) byKey.set(message.key, stored as IssuedCertificate[]);
  }
  return { ready, byKey };
}

/** The PDFs of an e-mail's certificates: as stored, or drawn again (the same bytes) if the stored file has gone. */
export async function certificateFiles(
  files: CertificateFiles,
  certificates: readonly IssuedCertificate[],
  source: SourceRows,
): Promise<{ filename: string; content: Buffer }[]> {
  return Promise.all(
    certificates.map(async (certificate) => {
      let content = await files.get(certificate.serial);
      if (content === undefined) {
        const { renderCertificatePdf } = await import('../adapters/certificates/certificate-pdf.js');
        content = await renderCertificatePdf(certificateContent(certificate, source.settings), certificate.issued_on);
      }
      return { filename: `${certificate.serial}.pdf`, content };
    }),
  );
}
