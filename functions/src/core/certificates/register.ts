// The Certificates tab as a register: issued rows carried forward as they are, newly due certificates appended under new serials.
import type { DateTime } from 'luxon';
import { cellDateTime, cellText } from '../cells.js';
import type { Language } from '../problems.js';
import type { RowRecord, Table } from '../table.js';
import { certificateIdentity, kindCodeOf, type DueCertificate } from './rules.js';
import { makeSerial, parseSerial, type CertificateFacts } from './serial.js';

/** One row of the register, read back. */
export interface IssuedCertificate extends CertificateFacts {
  readonly serial: string;
  /** ISO date-time with offset. */
  readonly issued_at: string;
  /** Where the PDF is stored; blank until it is. */
  readonly file: string;
  readonly note: string;
}

export interface Register {
  readonly issued: readonly IssuedCertificate[];
  /** Every row as read, readable or not, to be written back unchanged but for its note. */
  readonly rows: readonly RowRecord[];
}

function readRow(values: RowRecord, zone: string): IssuedCertificate | undefined {
  const issuedAt = cellDateTime(values['issued_at'] ?? '', zone);
  const kind = cellText(values['kind']);
  const serial = parseSerial(cellText(values['serial']));
  if (serial === undefined || typeof issuedAt !== 'string' || kindCodeOf(kind) === undefined) return undefined;
  return {
    serial: serial.serial,
    // As stored, not normalised again: the check code covers the text the row holds.
    trainee_id: cellText(values['trainee_id']),
    name: cellText(values['name']),
    kind,
    course_id: cellText(values['course_id']),
    subject: cellText(values['subject']),
    issued_at: issuedAt,
    issued_on: issuedAt.slice(0, 10),
    file: cellText(values['file']),
    note: cellText(values['note']),
  };
}

export function readRegister(table: Table | undefined, zone: string): Register {
  const issued: IssuedCertificate[] = [];
  const rows: RowRecord[] = [];
  for (const row of table?.rows ?? []) {
    rows.push(row.values);
    const certificate = readRow(row.values, zone);
    if (certificate !== undefined) issued.push(certificate);
  }
  return { issued, rows };
}

export function identityOf(certificate: Pick<IssuedCertificate, 'kind' | 'trainee_id' | 'course_id' | 'subject'>): string {
  return certificateIdentity(certificate.kind, certificate.trainee_id, certificate.course_id, certificate.subject);
}

export interface Issue {
  /** The register to write: every row read, then the new ones. */
  readonly rows: readonly RowRecord[];
  /** Certificates issued by this run. */
  readonly fresh: readonly IssuedCertificate[];
  /** Every readable certificate, the new ones included. */
  readonly issued: readonly IssuedCertificate[];
}

const NO_LONGER_DUE: Readonly<Record<Language, string>> = {
  'zh-CN': '当前成绩已不满足颁发条件；证书仍然有效，如需撤销请由培训中心处理',
  en: 'The current results no longer meet the criteria; the certificate stays valid unless the Training Centre revokes it',
};

export function certificateRecord(certificate: IssuedCertificate): RowRecord {
  const { serial, trainee_id, name, kind, course_id, subject, issued_at, file, note } = certificate;
  return { serial, trainee_id, name, kind, course_id, subject, issued_at, file, note };
}

/**
 * Issue what is due and not yet issued: a new serial, the next of its year, with the facts as they stand.
 * A certificate once issued is never issued again, whatever the results say later: an identity already in
 * the register is skipped. One whose results no longer call for it (a grade corrected downwards) keeps its
 * serial and gets a note, and staff decide.
 */
export function issueDue(register: Register, due: readonly DueCertificate[], now: DateTime, secret: string, language: Language): Issue {
  const byIdentity = new Map(register.issued.map((certificate) => [identityOf(certificate), certificate]));
  const dueIdentities = new Set(due.map((certificate) => certificate.identity));
  const issuedAt = now.startOf('second').toISO({ suppressMilliseconds: true }) ?? '';
  const year = now.year;
  let sequence = register.rows
    .map((row) => parseSerial(cellText(row['serial'])))
    .filter((parts) => parts !== undefined && parts.year === year)
    .reduce((max, parts) => Math.max(max, parts?.sequence ?? 0), 0);

  const rows = register.rows.map((row) => {
    const certificate = readRow(row, now.zoneName ?? 'UTC');
    if (certificate === undefined) return row;
    const note = dueIdentities.has(identityOf(certificate)) ? '' : NO_LONGER_DUE[language];
    return note === certificate.note ? row : { ...row, note };
  });
  const fresh: IssuedCertificate[] = [];
  for (const certificate of due) {
    if (byIdentity.has(certificate.identity)) continue;
    sequence += 1;
    const facts: CertificateFacts = {
      trainee_id: certificate.trainee_id,
      name: certificate.name,
      kind: certificate.kind,
      course_id: certificate.course_id,
      subject: certificate.subject,
      issued_on: issuedAt.slice(0, 10),
    };
    const issued: IssuedCertificate = {
      ...facts,
      serial: makeSerial(year, sequence, facts, secret),
      issued_at: issuedAt,
      file: '',
      note: '',
    };
    byIdentity.set(certificate.identity, issued);
    fresh.push(issued);
  }
  return { rows: [...rows, ...fresh.map(certificateRecord)], fresh, issued: [...register.issued, ...fresh] };
}
