// GET /certificates/<serial> through the gate and the handler: public, one path segment only, answers that say genuine or why not.
import { describe, expect, it } from 'vitest';
import { admit, JSON_TYPES, TRAINING_SURFACE, type GatePolicy } from '../../functions/src/http/gate.js';
import { certificateAnswer } from '../../functions/src/http/certificate-route.js';
import type { Verification } from '../../functions/src/core/certificates/verify.js';

const policy: GatePolicy = {
  surface: TRAINING_SURFACE,
  mediaTypes: JSON_TYPES,
  maxBodyBytes: 65_536,
  credentials: { submitToken: 'route-submit-0123456789abcdef', adminTokens: ['route-admin-0123456789abcdef'], openOnLoopback: false },
};
const head = (method: string, path: string) => ({ method, path, headers: {}, loopback: false });

describe('the gate, for certificate checks', () => {
  it.each<[string, string, string, number | 'ok']>([
    ['a GET of a serial, with no credential', 'GET', '/certificates/CMT-2026-000001-ABCDEFGHJK', 'ok'],
    ['a POST to a serial', 'POST', '/certificates/CMT-2026-000001-ABCDEFGHJK', 405],
    ['the folder itself', 'GET', '/certificates/', 404],
    ['the bare route', 'GET', '/certificates', 404],
    ['a deeper path', 'GET', '/certificates/a/b', 404],
  ])('%s: %s', async (_name, method, path, expected) => {
    const admission = await admit(head(method, path), policy);
    expect(admission.ok ? 'ok' : admission.status).toBe(expected);
  });
});

describe('the answer', () => {
  const genuine: Verification = {
    genuine: true,
    certificate: {
      serial: 'S',
      name: '王芳',
      kind: '结业证书',
      kind_en: 'Certificate of completion',
      course_id: 'C1',
      subject: '概论',
      issued_on: '2026-12-02',
    },
  };

  it('is 200 with the certificate, never cached', async () => {
    const answer = await certificateAnswer('/certificates/S', () => Promise.resolve(genuine));
    expect(answer).toMatchObject({
      status: 200,
      body: { status: 'genuine', certificate: { name: '王芳' } },
      headers: { 'Cache-Control': 'no-store' },
    });
  });

  it.each<[Verification & { genuine: false }, number, string]>([
    [{ genuine: false, reason: 'unknown', message: '未颁发 / not issued' }, 404, 'CERTIFICATE_UNKNOWN'],
    [{ genuine: false, reason: 'altered', message: '已改动 / altered' }, 404, 'CERTIFICATE_ALTERED'],
    [{ genuine: false, reason: 'malformed', message: '格式 / shape' }, 400, 'CERTIFICATE_MALFORMED'],
  ])('refuses %j', async (result, status, code) => {
    const answer = await certificateAnswer('/certificates/S', () => Promise.resolve(result));
    expect(answer).toMatchObject({ status, body: { status: 'not_genuine', code, message: result.message } });
  });

  it('hands the serial on decoded and cut to 100 characters', async () => {
    let seen = '';
    await certificateAnswer(`/certificates/${encodeURIComponent('CMT 2026')}${'x'.repeat(200)}`, (serial) => {
      seen = serial;
      return Promise.resolve(genuine);
    });
    expect(seen.startsWith('CMT 2026')).toBe(true);
    expect(seen).toHaveLength(100);
  });

  it('is 503 NOT_CONFIGURED without a key, in both languages', async () => {
    const answer = await certificateAnswer('/certificates/S', () => Promise.reject(new Error('CERTIFICATE_SECRET is not set')));
    expect(answer).toMatchObject({ status: 503, body: { code: 'NOT_CONFIGURED' } });
    expect(String(answer.body['message'])).toMatch(/证书核验.*Certificate checks/);
    expect((await certificateAnswer('/certificates/S', undefined)).status).toBe(503);
  });
});
