// Whether a serial is genuine, and for whom: found in the register and its check code matching the facts the register holds.
import { kindCodeOf } from './rules.js';
import type { IssuedCertificate } from './register.js';
import { parseSerial, serialMatches } from './serial.js';

/** What a verifier learns: who, which certificate, when; never a score. */
export interface VerifiedCertificate {
  readonly serial: string;
  readonly name: string;
  readonly kind: string;
  readonly kind_en: string;
  readonly course_id: string;
  readonly subject: string;
  readonly issued_on: string;
  /** The issuing centre's note, when the results behind it have changed. */
  readonly note?: string;
}

export type Verification =
  | { readonly genuine: true; readonly certificate: VerifiedCertificate }
  | { readonly genuine: false; readonly reason: 'malformed' | 'unknown' | 'altered'; readonly message: string };

const KIND_EN = { completion: 'Certificate of completion', excellent: 'Certificate of excellence', level: 'Certification' } as const;

const MESSAGES = {
  malformed:
    '这不是本中心的证书编号格式（例如 CMT-2026-000001-XXXXXXXXXX），请核对。 / Not a serial of this centre (they look like CMT-2026-000001-XXXXXXXXXX); check it.',
  unknown: '该证书编号不是本中心颁发的，证书不可信。 / No certificate was issued under this serial: the certificate is not genuine.',
  altered:
    '该证书编号的校验码与登记信息不符，证书或登记信息已被改动，不可信。 / The serial’s check code does not match the register: the certificate or its record was altered and is not genuine.',
} as const;

/**
 * The serial must have the shape of one, be in the register, and its check code must be the HMAC of the
 * facts the register holds under it: a forged serial (any code) and an altered row (another name or date)
 * are refused alike, and nothing about the row is told then.
 */
export function verifyCertificate(text: string, issued: readonly IssuedCertificate[], secret: string): Verification {
  const parts = parseSerial(text);
  if (parts === undefined) return { genuine: false, reason: 'malformed', message: MESSAGES.malformed };
  const head = parts.serial.slice(0, parts.serial.lastIndexOf('-'));
  const candidates = issued.filter((certificate) => certificate.serial.startsWith(`${head}-`));
  const match = candidates.find((certificate) => serialMatches(parts, certificate, secret) && certificate.serial === parts.serial);
  if (match === undefined) {
    const reason = candidates.some((certificate) => certificate.serial === parts.serial) ? 'altered' : 'unknown';
    return { genuine: false, reason, message: MESSAGES[reason] };
  }
  const kind = kindCodeOf(match.kind) ?? 'completion';
  return {
    genuine: true,
    certificate: {
      serial: match.serial,
      name: match.name,
      kind: match.kind,
      kind_en: KIND_EN[kind],
      course_id: match.course_id,
      subject: match.subject,
      issued_on: match.issued_on,
      ...(match.note === '' ? {} : { note: match.note }),
    },
  };
}
