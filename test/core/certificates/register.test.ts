// The register: what the results call for is issued once under a new serial, kept whatever the results say later, and verified.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { CERTIFICATES_TAB } from '../../../sheets-templates/index.js';
import { issueDue, readRegister, type Register } from '../../../functions/src/core/certificates/register.js';
import { certificateIdentity, dueCertificates, type DueCertificate } from '../../../functions/src/core/certificates/rules.js';
import { verifyCertificate } from '../../../functions/src/core/certificates/verify.js';
import { recompute } from '../../../functions/src/core/grading/recompute.js';
import { readSourceRows, SOURCE_TAB_NAMES } from '../../../functions/src/core/source-data.js';
import type { RowRecord, Table } from '../../../functions/src/core/table.js';
import { certificatesStore, SECRET } from '../../fixtures/certificates-world.js';

const NOW = DateTime.fromISO('2026-11-23T10:00:00+08:00', { setZone: true });
const ZONE = 'Asia/Shanghai';

function due(kind: string, trainee: string, course: string, subject: string): DueCertificate {
  const kindCode = kind === '结业证书' ? 'completion' : kind === '优秀学员荣誉证书' ? 'excellent' : 'level';
  return {
    identity: certificateIdentity(kind, trainee, course, subject),
    kindCode,
    kind,
    trainee_id: trainee,
    name: `学员${trainee}`,
    course_id: course,
    subject,
    basis_course: course || 'c1',
  };
}

const PASS = due('结业证书', 't1', 'c1', '银行客户经理概论');
const EXCELLENT = due('优秀学员荣誉证书', 't1', 'c1', '银行客户经理概论');
const LEVEL = due('认证证书', 't1', '', '助理级');

/** The register as the tab reads back after `rows` were written. */
function tabOf(rows: readonly RowRecord[]): Table {
  return {
    tab: CERTIFICATES_TAB.name,
    rows: rows.map((values, i) => ({ rowNumber: i + 2, values: values as Table['rows'][number]['values'] })),
  };
}
const empty: Register = { issued: [], rows: [] };

describe('issuing into an empty register', () => {
  const issue = issueDue(empty, [PASS, EXCELLENT, LEVEL], NOW, SECRET, 'zh-CN');

  it('gives each certificate the next serial of the year, with the facts and the time of issue', () => {
    expect(issue.fresh.map((c) => c.serial.slice(0, 15))).toEqual(['CMT-2026-000001', 'CMT-2026-000002', 'CMT-2026-000003']);
    expect(issue.fresh[0]).toMatchObject({
      trainee_id: 't1',
      kind: '结业证书',
      course_id: 'c1',
      issued_at: '2026-11-23T10:00:00+08:00',
      file: '',
    });
    expect(issue.rows).toHaveLength(3);
  });

  it('issues nothing again on a rerun, a day later too, and keeps the rows as they were', () => {
    const later = issueDue(readRegister(tabOf(issue.rows), ZONE), [PASS, EXCELLENT, LEVEL], NOW.plus({ days: 1 }), SECRET, 'zh-CN');
    expect(later.fresh).toEqual([]);
    expect(later.rows).toEqual(issue.rows);
  });

  it('continues the sequence for what becomes due later', () => {
    const other = due('结业证书', 't2', 'c1', '银行客户经理概论');
    const later = issueDue(readRegister(tabOf(issue.rows), ZONE), [PASS, EXCELLENT, LEVEL, other], NOW, SECRET, 'zh-CN');
    expect(later.fresh.map((c) => c.serial.slice(0, 15))).toEqual(['CMT-2026-000004']);
  });

  it('starts a new year at 1', () => {
    const other = due('结业证书', 't2', 'c1', '银行客户经理概论');
    const next = issueDue(readRegister(tabOf(issue.rows), ZONE), [other], NOW.plus({ years: 1 }), SECRET, 'zh-CN');
    expect(next.fresh.map((c) => c.serial.slice(0, 15))).toEqual(['CMT-2027-000001']);
  });

  it('keeps a certificate whose grade was corrected downwards, with a note, and issues no other', () => {
    const corrected = issueDue(readRegister(tabOf(issue.rows), ZONE), [PASS], NOW, SECRET, 'zh-CN');
    expect(corrected.fresh).toEqual([]);
    expect(corrected.rows.map((row) => row['serial'])).toEqual(issue.rows.map((row) => row['serial']));
    expect(corrected.rows.map((row) => row['note'] !== '')).toEqual([false, true, true]);
    // Verification still says genuine, and shows the note.
    const verified = verifyCertificate(String(corrected.rows[1]?.['serial']), readRegister(tabOf(corrected.rows), ZONE).issued, SECRET);
    expect(verified.genuine && verified.certificate.note).toContain('不满足');
  });
});

describe('verifying a serial', () => {
  const issue = issueDue(empty, [PASS, EXCELLENT], NOW, SECRET, 'zh-CN');
  const register = readRegister(tabOf(issue.rows), ZONE);
  const serial = String(issue.rows[0]?.['serial']);

  it('says genuine, for whom and what, and nothing about scores', () => {
    const result = verifyCertificate(serial.toLowerCase(), register.issued, SECRET);
    expect(result).toEqual({
      genuine: true,
      certificate: {
        serial,
        name: '学员t1',
        kind: '结业证书',
        kind_en: 'Certificate of completion',
        course_id: 'c1',
        subject: '银行客户经理概论',
        issued_on: '2026-11-23',
      },
    });
  });

  it.each([
    ['a forged check code', `${serial.slice(0, -4)}ABCD`, 'unknown'],
    ['an unissued sequence', serial.replace('000001', '000099'), 'unknown'],
    ['a made-up string', 'hello', 'malformed'],
  ])('refuses %s with a bilingual message', (_name, typed, reason) => {
    const result = verifyCertificate(typed, register.issued, SECRET);
    expect(result).toMatchObject({ genuine: false, reason });
    if (!result.genuine) expect(result.message).toMatch(/[\u4e00-\u9fff].* \/ [A-Z]/);
  });

  it('refuses a serial whose row was altered (another name typed into the tab)', () => {
    const altered = tabOf(issue.rows.map((row, i) => (i === 0 ? { ...row, name: '李四' } : row)));
    expect(verifyCertificate(serial, readRegister(altered, ZONE).issued, SECRET)).toMatchObject({ genuine: false, reason: 'altered' });
  });

  it('refuses every serial under another key', () => {
    expect(verifyCertificate(serial, register.issued, `${SECRET}-other`)).toMatchObject({ genuine: false, reason: 'altered' });
  });
});

describe('what the sample year calls for', () => {
  it('is a 结业证书 per pass, an 优秀 certificate per excellent result and a certificate per level reached', async () => {
    const store = certificatesStore(100);
    const source = readSourceRows(await store.read(SOURCE_TAB_NAMES));
    const result = recompute(source, NOW);
    const certificates = dueCertificates(result, source);
    const passed = result.grades.filter((g) => g.status === '通过' || g.status === '优秀');
    const excellent = result.grades.filter((g) => g.status === '优秀');
    const byKind = (kind: string) => certificates.filter((c) => c.kind === kind).length;
    expect(byKind('结业证书')).toBe(passed.length);
    expect(byKind('优秀学员荣誉证书')).toBe(excellent.length);
    const levels = result.archive.flatMap((row) => row.certification.levels.filter((level) => level.reached && !level.credited));
    expect(byKind('认证证书')).toBeGreaterThan(0);
    expect(byKind('认证证书')).toBeLessThanOrEqual(levels.length);
    expect(new Set(certificates.map((c) => c.identity)).size).toBe(certificates.length);
    // Every level certificate rides on the result e-mail of a course the trainee passed.
    for (const c of certificates.filter((c) => c.kind === '认证证书')) {
      expect(passed.some((g) => g.trainee_id === c.trainee_id && g.course_id === c.basis_course)).toBe(true);
    }
  });

  it('is nothing while grading is blocked by a pass mark that does not read', async () => {
    const store = certificatesStore(3);
    const source = readSourceRows(await store.read(SOURCE_TAB_NAMES));
    const result = recompute(
      {
        ...source,
        settings: {
          ...source.settings,
          issues: [{ key: 'pass_mark', problem: { field: 'pass_mark', rule: 'invalid' }, blocks: ['grading'] }],
        },
      },
      NOW,
    );
    expect(dueCertificates(result, source)).toEqual([]);
  });
});
