// Runtime configuration, read once from the environment and validated; tests pass their own env.
import path from 'node:path';
import { z } from 'zod';

const optionalText = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().optional());

/** A comma-separated list; blank entries are dropped, so `a, b,` is two items. */
function commaList(item: z.ZodType<string>) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((part) => part.trim()).filter((part) => part !== '') : []),
    z.array(item),
  );
}

const schema = z.object({
  STORE: z.enum(['xlsx', 'memory']).default('xlsx'),
  WORKBOOK_PATH: z.string().trim().min(1).default('data/training.xlsx'),
  SUBMIT_TOKEN: optionalText.pipe(z.string().min(16, 'SUBMIT_TOKEN must be at least 16 characters').optional()),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(64 * 1024),
  LOG_LEVEL: z.enum(['info', 'warn', 'error', 'silent']).default('info'),
  RECOMPUTE_ON_SUBMIT: z.enum(['wait', 'background', 'off']).default('background'),
  // Form triggers and who may call the function: Google APIs base URL (tests), the Forms watch topic, identity tokens.
  GOOGLE_API_ROOT_URL: optionalText.pipe(z.url({ protocol: /^https?$/, message: 'GOOGLE_API_ROOT_URL must be an http(s) URL' }).optional()),
  FORMS_WATCH_TOPIC: optionalText.pipe(
    z.string().regex(/^projects\/[^/\s]+\/topics\/[^/\s]+$/, 'FORMS_WATCH_TOPIC must look like projects/<project>/topics/<topic>').optional(),
  ),
  ID_TOKEN_AUDIENCES: commaList(z.string().min(1)),
  ALLOWED_INVOKERS: commaList(z.email('ALLOWED_INVOKERS must be comma-separated e-mail addresses')),
});

export interface Config {
  readonly store: 'xlsx' | 'memory';
  /** Absolute path of the local workbook. */
  readonly workbookPath: string;
  readonly submitToken?: string;
  readonly maxBodyBytes: number;
  readonly logLevel: 'info' | 'warn' | 'error' | 'silent';
  /** After an accepted submission, recompute the derived tabs before answering, after answering, or not. */
  readonly recomputeOnSubmit: 'wait' | 'background' | 'off';
  /** Base URL every Google API client uses instead of Google's, with no credentials (tests against a local fake). */
  readonly googleApiRootUrl?: string;
  /** Pub/Sub topic the Forms API watches publish to: projects/<project>/topics/<topic>. */
  readonly formsWatchTopic?: string;
  /** Audiences a Google-signed identity token may carry to be accepted; absent: identity tokens are not accepted. */
  readonly idTokenAudiences?: readonly string[];
  /** E-mails an identity token must belong to (lower case); absent: any Google identity with an accepted audience. */
  readonly allowedInvokers?: readonly string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env, cwd = process.cwd()): Config {
  const result = schema.safeParse(env);
  if (!result.success) throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  const value = result.data;
  if (value.ALLOWED_INVOKERS.length > 0 && value.ID_TOKEN_AUDIENCES.length === 0) {
    throw new ConfigError(['ALLOWED_INVOKERS: restricts identity tokens, which are accepted only when ID_TOKEN_AUDIENCES is set; set it too']);
  }
  return {
    store: value.STORE,
    workbookPath: path.resolve(cwd, value.WORKBOOK_PATH),
    ...(value.SUBMIT_TOKEN === undefined ? {} : { submitToken: value.SUBMIT_TOKEN }),
    maxBodyBytes: value.MAX_BODY_BYTES,
    logLevel: value.LOG_LEVEL,
    recomputeOnSubmit: value.RECOMPUTE_ON_SUBMIT,
    ...(value.GOOGLE_API_ROOT_URL === undefined ? {} : { googleApiRootUrl: value.GOOGLE_API_ROOT_URL }),
    ...(value.FORMS_WATCH_TOPIC === undefined ? {} : { formsWatchTopic: value.FORMS_WATCH_TOPIC }),
    ...(value.ID_TOKEN_AUDIENCES.length === 0 ? {} : { idTokenAudiences: value.ID_TOKEN_AUDIENCES }),
    ...(value.ALLOWED_INVOKERS.length === 0 ? {} : { allowedInvokers: value.ALLOWED_INVOKERS.map((email) => email.toLowerCase()) }),
  };
}
