// What a failed Google API call tells, sorted into kinds that each API's table turns into a code and a message that says what to do.

/** What a failed call tells: the HTTP status (none when no answer came), Google's words, the transport's code. */
export interface ApiFailure {
  readonly status?: number;
  /** Google's words when an answer came; else the error's own, with what the transport said when they omit it. */
  readonly message: string;
  readonly code?: string;
  /** Google's canonical code beside the HTTP status: FAILED_PRECONDITION is a 400 that is not a malformed request. */
  readonly canonical?: string;
  /** Why, in Google's words for programs: ErrorInfo's `details[].reason` (SERVICE_DISABLED), else `errors[].reason`. */
  readonly reason?: string;
  /** The API the answer is about ("sheets.googleapis.com") and the project it was called for, from ErrorInfo's metadata. */
  readonly service?: string;
  readonly project?: string;
  readonly activationUrl?: string;
}

/** The codes every API reports the same failures with; a request refused for another reason gets its API's own. */
export type GoogleFailureCode = 'NOT_AUTHORIZED' | 'NOT_FOUND' | 'RATE_LIMITED' | 'UNAVAILABLE';

/**
 * Failures told apart by the answer, or by its absence. A 403 is one of three: the API is not enabled in the
 * project (serviceDisabled), the credentials lack a scope (scopeMissing), or the file is not shared (forbidden).
 */
export type AnswerKind =
  | 'noAnswer'
  | 'unauthenticated'
  | 'serviceDisabled'
  | 'scopeMissing'
  | 'forbidden'
  | 'notFound'
  | 'rateLimited'
  | 'serverError'
  | 'refused';

/** Credentials that could not be found or used, whatever the call. */
export type CredentialsKind = 'noCredentials' | 'impersonationRefused';

export type FailureKind = AnswerKind | CredentialsKind;

/** A failure with an answer: its status is known. */
export type AnsweredFailure = ApiFailure & { readonly status: number };

type Words = (failure: ApiFailure) => string;

/** The 403s every API words the same way (serviceDisabledWords, scopeMissingWords) unless its table says otherwise. */
type SharedKind = 'serviceDisabled' | 'scopeMissing';

/** One API's messages: one per kind of answer; credentials problems only where the API has advice for them. */
export type FailureMessages = { readonly noAnswer: Words } & {
  readonly [K in Exclude<AnswerKind, 'noAnswer' | SharedKind>]: (failure: AnsweredFailure) => string;
} & {
  readonly [K in SharedKind]?: (failure: AnsweredFailure) => string;
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
  serviceDisabled: 'NOT_AUTHORIZED',
  scopeMissing: 'NOT_AUTHORIZED',
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

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * The machine-readable part of Google's error body: ErrorInfo in `details` (reason, and the service, project and
 * activation URL in its metadata), or the older `errors[].reason`.
 */
function errorInfo(google: Record<string, unknown>): Pick<ApiFailure, 'reason' | 'service' | 'project' | 'activationUrl'> {
  const details = Array.isArray(google['details']) ? google['details'].filter(isRecord) : [];
  const info = details.find((detail) => text(detail['reason']) !== undefined);
  const legacy = (Array.isArray(google['errors']) ? google['errors'].filter(isRecord) : []).find((e) => text(e['reason']) !== undefined);
  const metadata = info && isRecord(info['metadata']) ? info['metadata'] : {};
  const reason = text(info?.['reason']) ?? text(legacy?.['reason']);
  const service = text(metadata['service']);
  const project = text(metadata['consumer'])?.replace(/^projects\//, '') ?? text(metadata['containerInfo']);
  const activationUrl = text(metadata['activationUrl']);
  return {
    ...(reason === undefined ? {} : { reason }),
    ...(service === undefined ? {} : { service }),
    ...(project === undefined ? {} : { project }),
    ...(activationUrl === undefined ? {} : { activationUrl }),
  };
}

/** Whatever a call threw, read as gaxios shapes it: the answer's status and Google's error message, if any came. */
export function readFailure(error: unknown): ApiFailure {
  const thrown = isRecord(error) ? error : {};
  const response = isRecord(thrown['response']) ? thrown['response'] : {};
  const rawStatus = response['status'] ?? thrown['status'];
  const status = typeof rawStatus === 'number' ? rawStatus : undefined;
  const body = response['data'];
  const googleError = isRecord(body) && isRecord(body['error']) ? body['error'] : undefined;
  const google = typeof googleError?.['message'] === 'string' ? googleError['message'] : undefined;
  const own = typeof thrown['message'] === 'string' ? thrown['message'] : isRecord(error) ? 'no message' : String(error);
  const code = transportCode(error);
  // Node's fetch says only "fetch failed" and nests why; the code tells a refused connection from a timeout.
  const message = google ?? (status === undefined && code !== undefined && !own.includes(code) ? `${own} (${code})` : own);
  const canonical = text(googleError?.['status']);
  return {
    ...(status === undefined ? {} : { status }),
    message,
    ...(code === undefined ? {} : { code }),
    ...(canonical === undefined ? {} : { canonical }),
    ...(googleError ? errorInfo(googleError) : {}),
  };
}

/** Reasons of a 403 that are not about sharing: the API switched off in the project, or a scope the token lacks. */
const SERVICE_DISABLED = new Set(['SERVICE_DISABLED', 'accessNotConfigured']);
const SCOPE_MISSING = new Set(['ACCESS_TOKEN_SCOPE_INSUFFICIENT', 'insufficientPermissions']);

function forbiddenKind(failure: ApiFailure): 'serviceDisabled' | 'scopeMissing' | 'forbidden' {
  if (failure.reason !== undefined && SERVICE_DISABLED.has(failure.reason)) return 'serviceDisabled';
  if (failure.reason !== undefined && SCOPE_MISSING.has(failure.reason)) return 'scopeMissing';
  return 'forbidden';
}

/** What to do about an API not enabled in the project: the command that enables it. */
export function serviceDisabledWords(failure: ApiFailure): string {
  const service = failure.service ?? 'the API';
  const project = failure.project ?? 'PROJECT';
  return (
    `${service} is not enabled in project ${project}: run \`gcloud services enable ${service} --project=${project}\`` +
    `${failure.activationUrl ? ` (or open ${failure.activationUrl})` : ''}, wait a few minutes, and try again (403 ${failure.reason ?? ''}: ${failure.message})`
  );
}

/** What to do about credentials without a scope the call needs: which scopes, and where each kind of credentials gets them. */
export function scopeMissingWords(scopes: readonly string[]): (failure: ApiFailure) => string {
  return (failure) =>
    `The credentials were not granted the scopes this needs (${scopes.join(', ')}): with your own login run ` +
    `\`gcloud auth application-default login --scopes=openid,https://www.googleapis.com/auth/userinfo.email,https://www.googleapis.com/auth/cloud-platform,${scopes.join(',')}\`; ` +
    `for Gmail's domain-wide delegation add them to the service account's client ID in the Admin console (403 ${failure.reason ?? ''}: ${failure.message})`;
}

function answeredKind(failure: AnsweredFailure): Exclude<AnswerKind, 'noAnswer'> {
  const { status } = failure;
  if (status === 401) return 'unauthenticated';
  if (status === 403) return forbiddenKind(failure);
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
  const answered = { ...failure, status };
  const kind = answeredKind(answered);
  const words =
    kind === 'serviceDisabled'
      ? (messages.serviceDisabled ?? serviceDisabledWords)
      : kind === 'scopeMissing'
        ? (messages.scopeMissing ?? messages.forbidden)
        : messages[kind];
  return { kind, code: kind === 'refused' ? refused : CODES[kind], message: words(answered), failure };
}

export function isCredentialsKind(kind: FailureKind): kind is CredentialsKind {
  return kind === 'noCredentials' || kind === 'impersonationRefused';
}
