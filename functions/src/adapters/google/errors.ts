// What a failed Google API call tells, sorted into kinds that each API's table turns into a code and a message that says what to do.

/** What a failed call tells: the HTTP status (none when no answer came), Google's words, the transport's code. */
export interface ApiFailure {
  readonly status?: number;
  /** Google's words when an answer came; else the error's own, with what the transport said when they omit it. */
  readonly message: string;
  readonly code?: string;
}

/** The codes every API reports the same failures with; a request refused for another reason gets its API's own. */
export type GoogleFailureCode = 'NOT_AUTHORIZED' | 'NOT_FOUND' | 'RATE_LIMITED' | 'UNAVAILABLE';

/** Failures told apart by the answer, or by its absence. */
export type AnswerKind = 'noAnswer' | 'unauthenticated' | 'forbidden' | 'notFound' | 'rateLimited' | 'serverError' | 'refused';

/** Credentials that could not be found or used, whatever the call. */
export type CredentialsKind = 'noCredentials' | 'impersonationRefused';

export type FailureKind = AnswerKind | CredentialsKind;

/** A failure with an answer: its status is known. */
export type AnsweredFailure = ApiFailure & { readonly status: number };

type Words = (failure: ApiFailure) => string;

/** One API's messages: one per kind of answer; credentials problems only where the API has advice for them. */
export type FailureMessages = { readonly noAnswer: Words } & {
  readonly [K in Exclude<AnswerKind, 'noAnswer'>]: (failure: AnsweredFailure) => string;
} & {
  readonly [K in CredentialsKind]?: Words;
};

export interface MappedFailure<Refused extends string> {
  readonly kind: FailureKind;
  readonly code: GoogleFailureCode | Refused;
  readonly message: string;
  readonly failure: ApiFailure;
}

const CODES: Readonly<Record<Exclude<FailureKind, 'refused'>, GoogleFailureCode>> = {
  noAnswer: 'UNAVAILABLE',
  unauthenticated: 'NOT_AUTHORIZED',
  forbidden: 'NOT_AUTHORIZED',
  notFound: 'NOT_FOUND',
  rateLimited: 'RATE_LIMITED',
  serverError: 'UNAVAILABLE',
  noCredentials: 'NOT_AUTHORIZED',
  impersonationRefused: 'NOT_AUTHORIZED',
};

/** How google-auth-library words credentials it could not find or use (an expired login is invalid_grant / invalid_rapt). */
const CREDENTIALS_MESSAGES: readonly (readonly [CredentialsKind, RegExp])[] = [
  ['impersonationRefused', /unable to impersonate/i],
  ['noCredentials', /could not load the default credentials|no credentials|invalid_grant|invalid_rapt/i],
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** What the transport said of a failure without an answer (ECONNREFUSED, TimeoutError), however deep fetch nested it. */
function transportCode(error: unknown): string | undefined {
  let innermost: string | undefined;
  for (let cause = error, depth = 0; isRecord(cause) && depth < 4; cause = cause['cause'], depth += 1) {
    const code = cause['code'];
    if (typeof code === 'string' || typeof code === 'number') return String(code);
    if (depth > 0 && typeof cause['message'] === 'string') innermost = cause['message'];
  }
  return innermost;
}

/** Whether the error came from a call (gaxios errors carry their request config), not from a bug around it. */
export function isApiCallError(error: unknown): error is Error {
  return error instanceof Error && 'config' in error;
}

/** Whatever a call threw, read as gaxios shapes it: the answer's status and Google's error message, if any came. */
export function readFailure(error: unknown): ApiFailure {
  const thrown = isRecord(error) ? error : {};
  const response = isRecord(thrown['response']) ? thrown['response'] : {};
  const rawStatus = response['status'] ?? thrown['status'];
  const status = typeof rawStatus === 'number' ? rawStatus : undefined;
  const body = response['data'];
  const google =
    isRecord(body) && isRecord(body['error']) && typeof body['error']['message'] === 'string' ? body['error']['message'] : undefined;
  const own = typeof thrown['message'] === 'string' ? thrown['message'] : isRecord(error) ? 'no message' : String(error);
  const code = transportCode(error);
  // Node's fetch says only "fetch failed" and nests why; the code tells a refused connection from a timeout.
  const message = google ?? (status === undefined && code !== undefined && !own.includes(code) ? `${own} (${code})` : own);
  return { ...(status === undefined ? {} : { status }), message, ...(code === undefined ? {} : { code }) };
}

function answeredKind(status: number): Exclude<AnswerKind, 'noAnswer'> {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 429) return 'rateLimited';
  return status >= 500 ? 'serverError' : 'refused';
}

interface CredentialsProblem {
  readonly kind: CredentialsKind;
  readonly words: Words;
  /** google-auth-library's own message: Google's answer, if any, is about the token request, not the call. */
  readonly message: string;
}

/** A credentials problem that `messages` has words for; any other is taken by its answer like every failure. */
function credentialsProblem(error: unknown, messages: FailureMessages): CredentialsProblem | undefined {
  if (!(error instanceof Error)) return undefined;
  for (const [kind, pattern] of CREDENTIALS_MESSAGES) {
    const words = messages[kind];
    if (words !== undefined && pattern.test(error.message)) return { kind, words, message: error.message };
  }
  return undefined;
}

/** A failed call as its kind, the code for it (`refused` for any other refusal) and the API's message for it. */
export function mapGoogleFailure<Refused extends string>(
  error: unknown,
  messages: FailureMessages,
  refused: Refused,
): MappedFailure<Refused> {
  const failure = readFailure(error);
  const problem = credentialsProblem(error, messages);
  if (problem !== undefined) {
    const told = { ...failure, message: problem.message };
    return { kind: problem.kind, code: CODES[problem.kind], message: problem.words(told), failure: told };
  }
  const { status } = failure;
  if (status === undefined) return { kind: 'noAnswer', code: CODES.noAnswer, message: messages.noAnswer(failure), failure };
  const kind = answeredKind(status);
  return { kind, code: kind === 'refused' ? refused : CODES[kind], message: messages[kind]({ ...failure, status }), failure };
}

export function isCredentialsKind(kind: FailureKind): kind is CredentialsKind {
  return kind === 'noCredentials' || kind === 'impersonationRefused';
}
