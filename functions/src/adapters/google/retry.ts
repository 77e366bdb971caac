// Retry options of every Google API client: gaxios's exponential backoff with jitter, limited to the methods and failures safe to repeat.
import type { MethodOptions } from '@googleapis/sheets';

export type RetryConfig = NonNullable<MethodOptions['retryConfig']>;

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly tries: number;
  /** Wait before the first retry; gaxios then waits 0.5 s, 1.5 s, 3.5 s, … (×2 each time, less 1 s, over 2). */
  readonly firstDelayMs: number;
  /** No single wait is longer than this. */
  readonly maxDelayMs: number;
  /** Per attempt: an attempt with no answer by then is abandoned and counts as a network error. */
  readonly timeoutMs: number;
  /** Source of jitter, in [0, 1); injectable for tests. */
  readonly random?: () => number;
}

/** Five tries over about six seconds (plus jitter), each waiting at most a minute for an answer. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { tries: 5, firstDelayMs: 250, maxDelayMs: 32_000, timeoutMs: 60_000 };

/** Inclusive ranges of HTTP statuses, as gaxios takes them. */
export type StatusRanges = readonly (readonly [number, number])[];

/** Which failed attempts may be sent again. */
export interface RetriedFailures {
  readonly statuses: StatusRanges;
  /** Whether an attempt that got no answer (lost connection, timeout) is sent again: it may have taken effect. */
  readonly noAnswer: boolean;
}

/** Request timeout, rate limit, server errors and no answer: whatever a later attempt may not meet. */
export const TRANSIENT_FAILURES: RetriedFailures = {
  statuses: [
    [408, 408],
    [429, 429],
    [500, 599],
  ],
  noAnswer: true,
};

/** Only a 429, which says the request was not carried out: for a call that must never take effect twice. */
export const REFUSALS_ONLY: RetriedFailures = { statuses: [[429, 429]], noAnswer: false };

/** Every method: Sheets writes are POSTs whose repeat the store tolerates (docs/google.md, Retries). */
export const EVERY_METHOD = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The methods gaxios itself retries: a repeat changes nothing more, where a repeated POST may create twice. */
export const IDEMPOTENT_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'] as const;

/** A wait between half and all of the backoff gaxios computed, so clients that failed together retry apart. */
export function jitteredDelay(delayMs: number, random: () => number): number {
  return Math.round(delayMs * (0.5 + 0.5 * random()));
}

/**
 * Request options that make gaxios retry `failures` of the `methods` that may be sent again, as often and as
 * patiently as `policy` says; for a client's global options or a single call's.
 */
export function googleRequestOptions(
  policy: RetryPolicy,
  methods: readonly string[] = EVERY_METHOD,
  failures: RetriedFailures = TRANSIENT_FAILURES,
): { readonly retryConfig: RetryConfig; readonly timeout: number; readonly fetchImplementation: typeof fetch } {
  const random = policy.random ?? Math.random;
  const retries = Math.max(0, policy.tries - 1);
  return {
    timeout: policy.timeoutMs,
    // Node's own fetch: gaxios otherwise uses node-fetch, whose abort error hides that the timeout fired,
    // and gaxios retries a timed-out call only when it can tell (a TimeoutError).
    fetchImplementation: fetch,
    retryConfig: {
      retry: retries,
      noResponseRetries: failures.noAnswer ? retries : 0,
      retryDelay: policy.firstDelayMs,
      retryDelayMultiplier: 2,
      maxRetryDelay: policy.maxDelayMs,
      httpMethodsToRetry: [...methods],
      statusCodesToRetry: failures.statuses.map(([from, to]) => [from, to]),
      retryBackoff: (_error, delayMs) => new Promise((resolve) => setTimeout(resolve, jitteredDelay(delayMs, random))),
    },
  };
}
