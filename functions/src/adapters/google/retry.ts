// Retry options of every Google API client: gaxios's exponential backoff with jitter, limited to the methods and failures safe to repeat, and a minute for a quota refusal.
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
  /**
   * How long a 429 keeps being retried, Retry-After honoured: Google's quotas are per minute (60 Sheets reads and
   * 60 writes a minute for the one account every function shares) and refill each minute. Left out or 0: a 429
   * gets `tries` like any other failure.
   */
  readonly rateLimitBudgetMs?: number;
  /** Source of jitter, in [0, 1); injectable for tests. */
  readonly random?: () => number;
  /** The clock and the wait between tries; injectable so a test of a minute's backoff takes no minute. */
  readonly now?: () => number;
  readonly wait?: (ms: number) => Promise<void>;
}

/** Five tries over about six seconds (plus jitter) for an outage, up to a minute for a 429; at most a minute for each answer. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  tries: 5,
  firstDelayMs: 250,
  maxDelayMs: 32_000,
  timeoutMs: 60_000,
  rateLimitBudgetMs: 60_000,
};

/** However long the budget, no call is sent more often than this on 429s (a minute of 0.25 s, 0.5 s, 1.5 s … 32 s is 8 tries). */
const MAX_RATE_LIMIT_RETRIES = 12;

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

/** Retry-After as milliseconds to wait: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now: number): number | undefined {
  const text = (value ?? '').trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** What a failed try tells the retry decision. */
export interface FailedTry {
  /** The answer's status; undefined when none came. */
  readonly status?: number;
  readonly method: string;
  /** Retries made so far (0 after the first try). */
  readonly retries: number;
  /** Since the first try failed. */
  readonly elapsedMs: number;
  /** What the answer's Retry-After asks for. */
  readonly retryAfterMs?: number;
}

function inRanges(status: number, ranges: StatusRanges): boolean {
  return ranges.some(([from, to]) => status >= from && status <= to);
}

/**
 * Whether to send the call again. An outage gets `tries`; a 429 also as long as the rate-limit budget lasts,
 * unless its Retry-After asks for a wait past it (the caller then answers 429 with its own Retry-After).
 */
export function shouldTryAgain(failed: FailedTry, policy: RetryPolicy, methods: readonly string[], failures: RetriedFailures): boolean {
  if (!methods.includes(failed.method.toUpperCase())) return false;
  const withinTries = failed.retries < policy.tries - 1;
  if (failed.status === undefined) return failures.noAnswer && withinTries;
  if (!inRanges(failed.status, failures.statuses)) return false;
  const budget = policy.rateLimitBudgetMs ?? 0;
  if (failed.status !== 429 || budget <= 0) return withinTries;
  if (failed.retryAfterMs !== undefined && failed.elapsedMs + failed.retryAfterMs > budget) return false;
  return withinTries || (failed.elapsedMs < budget && failed.retries < MAX_RATE_LIMIT_RETRIES);
}

/** The wait before the next try: Retry-After when a 429 carries one, else gaxios's backoff with jitter, within the 429 budget. */
export function waitBeforeRetry(failed: FailedTry, backoffMs: number, policy: RetryPolicy): number {
  if (failed.status === 429 && failed.retryAfterMs !== undefined) return failed.retryAfterMs;
  const wait = jitteredDelay(backoffMs, policy.random ?? Math.random);
  const budget = policy.rateLimitBudgetMs ?? 0;
  if (failed.status !== 429 || budget <= 0) return wait;
  return Math.max(0, Math.min(wait, budget - failed.elapsedMs));
}

type GaxiosFailure = Parameters<NonNullable<RetryConfig['shouldRetry']>>[0];

function headerOf(headers: unknown, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  if (typeof headers === 'object' && headers !== null) {
    const value = (headers as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
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
  const retries = Math.max(0, policy.tries - 1);
  const now = policy.now ?? Date.now;
  const wait = policy.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const failedTry = (error: GaxiosFailure): FailedTry => {
    // gaxios copies the retry state from each failed try to the next (gaxios's own timeOfFirstRequest is on its clock, not `now`).
    const state = (error.config.retryConfig ?? {}) as RetryConfig & { firstFailureAt?: number };
    state.firstFailureAt ??= now();
    const status = error.response?.status;
    const after = retryAfterMs(headerOf(error.response?.headers, 'retry-after'), now());
    return {
      ...(status === undefined ? {} : { status }),
      method: error.config.method ?? 'GET',
      retries: state.currentRetryAttempt ?? 0,
      elapsedMs: now() - state.firstFailureAt,
      ...(after === undefined ? {} : { retryAfterMs: after }),
    };
  };
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
      shouldRetry: (error) => {
        // As gaxios: a call its caller aborted is not sent again; one that timed out is.
        if ((error.config.signal?.aborted && error.code !== 'TimeoutError') || error.code === 'AbortError') return false;
        return shouldTryAgain(failedTry(error), policy, methods, failures);
      },
      retryBackoff: (error, delayMs) => wait(waitBeforeRetry(failedTry(error), delayMs, policy)),
    },
  };
}
