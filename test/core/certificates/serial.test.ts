// Certificate serials: their shape, how people may type them, and that a check code only verifies the facts it was made for.
import { describe, expect, it } from 'vitest';
import { makeSerial, parseSerial, serialMatches, type CertificateFacts } from '../../../functions/src/core/certificates/serial.js';

const FACTS: CertificateFacts = {
  trainee_id: 'cm2026001',
  name: '张伟',
  kind: '结业证书',
  course_id: 'c2026-01',
  subject: '银行客户经理概论',
  issued_on: '2026-07-15',
};
const SECRET = 'a-secret-of-at-least-thirty-two-characters';

describe('a serial', () => {
  const serial = makeSerial(2026, 12, FACTS, SECRET);

  it('reads as prefix, year, sequence and a 10-character check code', () => {
    expect(serial).toMatch(/^CMT-2026-000012-[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(parseSerial(serial)).toMatchObject({ year: 2026, sequence: 12, serial });
  });

  it('is the same for the same facts and key', () => {
    expect(makeSerial(2026, 12, { ...FACTS }, SECRET)).toBe(serial);
  });

  it.each([
    ['lower case', serial.toLowerCase()],
    ['spaces around', `  ${serial} `],
    ['full-width characters', serial.replace('CMT', 'ＣＭＴ')],
    ['an en dash for a hyphen', serial.replace('-', '–')],
  ])('is read back when typed with %s', (_name, typed) => {
    expect(parseSerial(typed)?.serial).toBe(serial);
  });

  it('reads O as 0 and I or L as 1 in the check code (Crockford)', () => {
    const withZero = makeSerial(2026, 1, FACTS, SECRET);
    const code = withZero.slice(-10);
    expect(parseSerial(`${withZero.slice(0, -10)}${code.replace(/0/g, 'O').replace(/1/g, 'l')}`)?.serial).toBe(withZero);
  });

  it.each([
    ['no prefix', serial.slice(4)],
    ['another prefix', serial.replace('CMT', 'ABC')],
    ['a short code', serial.slice(0, -1)],
    ['a code with U', `${serial.slice(0, -1)}U`],
    ['a five-digit sequence', serial.replace('000012', '00012')],
    ['empty', ''],
  ])('is refused with %s', (_name, typed) => {
    expect(parseSerial(typed)).toBeUndefined();
  });

  it.each<[string, Partial<CertificateFacts>]>([
    ['another name', { name: '张玮' }],
    ['another trainee', { trainee_id: 'cm2026002' }],
    ['another kind', { kind: '优秀学员荣誉证书' }],
    ['another course', { course_id: 'c2026-02' }],
    ['another subject', { subject: '对公业务' }],
    ['another date', { issued_on: '2026-07-16' }],
  ])('does not verify %s', (_name, change) => {
    const parts = parseSerial(serial);
    if (parts === undefined) throw new Error('unreadable');
    expect(serialMatches(parts, FACTS, SECRET)).toBe(true);
    expect(serialMatches(parts, { ...FACTS, ...change }, SECRET)).toBe(false);
  });

  it('does not verify under another key, nor with another sequence', () => {
    const parts = parseSerial(serial);
    if (parts === undefined) throw new Error('unreadable');
    expect(serialMatches(parts, FACTS, `${SECRET}x`)).toBe(false);
    expect(serialMatches({ ...parts, sequence: 13 }, FACTS, SECRET)).toBe(false);
  });
});
