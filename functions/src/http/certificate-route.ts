// GET /certificates/<serial>: genuine or not, and for whom (name, kind, course or level, date), never a score.
import type { Verification } from '../core/certificates/verify.js';

interface Answer {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly log: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
}

const NOT_CONFIGURED =
  '证书核验暂不可用（未配置 CERTIFICATE_SECRET）。 / Certificate checks are not available: CERTIFICATE_SECRET is not set.';

/** 200 genuine, 404 not genuine (unknown or altered), 400 not a serial; answers are not cached, so a revocation shows at once. */
export async function certificateAnswer(path: string, verify: ((serial: string) => Promise<Verification>) | undefined): Promise<Answer> {
  const headers = { 'Cache-Control': 'no-store' };
  if (verify === undefined)
    return { status: 503, body: { status: 'error', code: 'NOT_CONFIGURED', message: NOT_CONFIGURED }, log: {}, headers };
  let serial: string;
  try {
    serial = decodeURIComponent(path.slice('/certificates/'.length)).slice(0, 100);
  } catch {
    serial = '';
  }
  let result: Verification;
  try {
    result = await verify(serial);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('CERTIFICATE_SECRET')) {
      return { status: 503, body: { status: 'error', code: 'NOT_CONFIGURED', message: NOT_CONFIGURED }, log: {}, headers };
    }
    throw error;
  }
  if (result.genuine) {
    return { status: 200, body: { status: 'genuine', certificate: result.certificate }, log: { outcome: 'certificate_genuine' }, headers };
  }
  const status = result.reason === 'malformed' ? 400 : 404;
  return {
    status,
    body: { status: 'not_genuine', code: `CERTIFICATE_${result.reason.toUpperCase()}`, message: result.message },
    log: { outcome: `certificate_${result.reason}` },
    headers,
  };
}
