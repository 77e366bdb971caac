// Google's per-minute Sheets API quota, per user and per project: 60 reads and 60 writes a minute for one account, 300 for the project.
import type { FakeRequest, FakeResponse } from '../http-fake.js';

export interface SheetsQuota {
  readonly readsPerMinutePerUser: number;
  readonly writesPerMinutePerUser: number;
  readonly readsPerMinute: number;
  readonly writesPerMinute: number;
}

/** https://developers.google.com/workspace/sheets/api/limits: refilled every minute; a call over it is a 429. */
export const GOOGLE_SHEETS_QUOTA: SheetsQuota = {
  readsPerMinutePerUser: 60,
  writesPerMinutePerUser: 60,
  readsPerMinute: 300,
  writesPerMinute: 300,
};

const WINDOW_MS = 60_000;

/** Who a call counts against: the account of its bearer token; calls without one all count as one user. */
export function userOf(request: FakeRequest): string {
  const header = request.headers.authorization;
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice('Bearer '.length) : 'anonymous';
}

/** Calls in the last minute per user and kind; a call refused for quota is not counted. */
export class QuotaMeter {
  private readonly taken = new Map<string, number[]>();

  constructor(
    private readonly limits: SheetsQuota,
    private readonly now: () => number,
    /** Seconds for a Retry-After header on refusals; Google's Sheets API usually sends none, so none by default. */
    private readonly retryAfterSeconds?: number,
  ) {}

  /** The refusal for this call, or undefined when it fits (and is then counted). */
  take(request: FakeRequest): FakeResponse | undefined {
    const kind = request.method === 'GET' ? 'read' : 'write';
    const user = userOf(request);
    const now = this.now();
    const perUser = this.recent(`${kind}:${user}`, now);
    const perProject = this.recent(kind, now);
    const limitUser = kind === 'read' ? this.limits.readsPerMinutePerUser : this.limits.writesPerMinutePerUser;
    const limitProject = kind === 'read' ? this.limits.readsPerMinute : this.limits.writesPerMinute;
    if (perUser.length >= limitUser) return this.refusal(kind, 'per user');
    if (perProject.length >= limitProject) return this.refusal(kind, '');
    perUser.push(now);
    perProject.push(now);
    return undefined;
  }

  private recent(key: string, now: number): number[] {
    const times = (this.taken.get(key) ?? []).filter((at) => now - at < WINDOW_MS);
    this.taken.set(key, times);
    return times;
  }

  private refusal(kind: 'read' | 'write', scope: string): FakeResponse {
    const metric = kind === 'read' ? 'Read requests' : 'Write requests';
    const limit = `${metric} per minute${scope === '' ? '' : ` ${scope}`}`;
    const message = `Quota exceeded for quota metric '${metric}' and limit '${limit}' of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'.`;
    return {
      status: 429,
      ...(this.retryAfterSeconds === undefined ? {} : { headers: { 'retry-after': String(this.retryAfterSeconds) } }),
      body: {
        error: {
          code: 429,
          message,
          status: 'RESOURCE_EXHAUSTED',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'RATE_LIMIT_EXCEEDED',
              domain: 'googleapis.com',
              metadata: {
                service: 'sheets.googleapis.com',
                quota_metric: `sheets.googleapis.com/${kind}_requests`,
                quota_limit: `${kind === 'read' ? 'Read' : 'Write'}RequestsPerMinute${scope === '' ? 'PerProject' : 'PerUser'}`,
                consumer: 'projects/000000000000',
              },
            },
          ],
          errors: [{ message, domain: 'global', reason: 'rateLimitExceeded' }],
        },
      },
    };
  }
}
