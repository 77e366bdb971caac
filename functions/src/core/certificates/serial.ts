// Certificate serials that verify themselves: a readable prefix, the year, a sequence and a check code (an HMAC over the certificate's facts).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a certificate states, exactly as the Certificates tab holds it; the check code covers every field. */
export interface CertificateFacts {
  readonly trainee_id: string;
  readonly name: string;
  /** The stored kind (结业证书, 优秀学员荣誉证书, 认证证书). */
  readonly kind: string;
  /** Blank for a certification level. */
  readonly course_id: string;
  /** The course title or the level name. */
  readonly subject: string;
  /** ISO date of issue, in the configured zone. */
  readonly issued_on: string;
}

export const SERIAL_PREFIX = 'CMT';
/** 10 Crockford base-32 characters: 50 bits of the HMAC, so a guessed code is right once in 10^15 tries. */
const CODE_LENGTH = 10;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SHAPE = new RegExp(`^${SERIAL_PREFIX}-(\\d{4})-(\\d{6})-([${ALPHABET}]{${CODE_LENGTH}})$`);

export interface SerialParts {
  readonly year: number;
  readonly sequence: number;
  readonly code: string;
  /** The serial as issued: upper case, Crockford's look-alikes read as the digits they stand for. */
  readonly serial: string;
}

function crockford(bytes: Buffer, length: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(value >>> (bits - 5)) & 31] ?? '';
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length >= length) break;
  }
  return out;
}

/** The head of a serial: prefix, year and sequence. */
export function serialHead(year: number, sequence: number): string {
  return `${SERIAL_PREFIX}-${String(year).padStart(4, '0')}-${String(sequence).padStart(6, '0')}`;
}

/** Fields joined with a separator none of them can hold (the tab stores no control characters), so no two fact sets share a message. */
function message(head: string, facts: CertificateFacts): string {
  return [head, facts.trainee_id, facts.name, facts.kind, facts.course_id, facts.subject, facts.issued_on].join('\u001f');
}

function checkCode(head: string, facts: CertificateFacts, secret: string): string {
  return crockford(createHmac('sha256', secret).update(message(head, facts), 'utf8').digest(), CODE_LENGTH);
}

export function makeSerial(year: number, sequence: number, facts: CertificateFacts, secret: string): string {
  const head = serialHead(year, sequence);
  return `${head}-${checkCode(head, facts, secret)}`;
}

/** A serial as people type it (any case, spaces, O for 0, I or L for 1), or undefined when it has not the shape of one. */
export function parseSerial(text: string): SerialParts | undefined {
  const serial = text
    .normalize('NFKC')
    .trim()
    .toUpperCase()
    .replace(/[\s\u2010-\u2015]/g, (ch) => (/\s/.test(ch) ? '' : '-'));
  const [prefix, year, sequence, code] = serial.split('-');
  if (prefix === undefined || year === undefined || sequence === undefined || code === undefined) return undefined;
  const readable = `${prefix}-${year}-${sequence}-${code.replace(/O/g, '0').replace(/[IL]/g, '1')}`;
  const match = SHAPE.exec(readable);
  if (match === null) return undefined;
  return { year: Number(match[1]), sequence: Number(match[2]), code: match[3] ?? '', serial: readable };
}

/** Whether the serial's check code is the one these facts and this secret make; compared in constant time. */
export function serialMatches(parts: SerialParts, facts: CertificateFacts, secret: string): boolean {
  const expected = Buffer.from(checkCode(serialHead(parts.year, parts.sequence), facts, secret));
  const given = Buffer.from(parts.code);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
