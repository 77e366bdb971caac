// Retry policy of the Google API clients: gaxios's exponential backoff on 408/429/5xx and network errors, with jitter.
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

/** Statuses worth another try: request timeout, rate limit, server errors. */
const RETRIED_STATUSES: number[][] = [
  [408, 408],
  [429, 429],
  [500, 599],
];

/** A wait between half and all of the backoff gaxios computed, so clients that failed together retry apart. */
export function jitteredDelay(delayMs: number, random: () => number): number {
  return Math.round(delayMs * (0.5 + 0.5 * random()));
}

/**
 * Request options that make gaxios retry: `methods` says which HTTP methods may be sent again. Sheets writes
 * are POSTs and are retried too; a caller whose POST must never repeat (sending an e-mail) leaves POST out.
 */
export function googleRequestOptions(
  policy: RetryPolicy,
  methods: readonly string[] = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'],
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
      noResponseRetries: retries,
      retryDelay: policy.firstDelayMs,
      retryDelayMultiplier: 2,
      maxRetryDelay: policy.maxDelayMs,
      httpMethodsToRetry: [...methods],
      statusCodesToRetry: RETRIED_STATUSES,
      retryBackoff: (_error, delayMs) => new Promise((resolve) => setTimeout(resolve, jitteredDelay(delayMs, random))),
    },
  };
}
