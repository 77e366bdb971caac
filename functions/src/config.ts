// Runtime configuration, read once from the environment and validated; tests pass their own env.
import path from 'node:path';
import { z } from 'zod';

const optionalText = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().optional());

const schema = z.object({
  STORE: z.enum(['xlsx', 'memory', 'sheets']).default('xlsx'),
  WORKBOOK_PATH: z.string().trim().min(1).default('data/training.xlsx'),
  SUBMIT_TOKEN: optionalText.pipe(z.string().min(16, 'SUBMIT_TOKEN must be at least 16 characters').optional()),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(64 * 1024),
  LOG_LEVEL: z.enum(['info', 'warn', 'error', 'silent']).default('info'),
  RECOMPUTE_ON_SUBMIT: z.enum(['wait', 'background', 'off']).default('background'),
  // Google: the spreadsheet of STORE=sheets, and how every Google API client reaches Google.
  SPREADSHEET_ID: optionalText.pipe(z.string().regex(/^[\w-]{10,}$/, 'SPREADSHEET_ID is the part of the sheet URL between /d/ and /edit').optional()),
  GOOGLE_API_ROOT_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  IMPERSONATE_SERVICE_ACCOUNT: optionalText.pipe(z.email('IMPERSONATE_SERVICE_ACCOUNT must be a service account e-mail').optional()),
  SHEETS_MAX_CELLS: z.coerce.number().int().min(1).max(10_000_000).default(10_000_000),
});

export interface Config {
  readonly store: 'xlsx' | 'memory' | 'sheets';
  /** Absolute path of the local workbook. */
  readonly workbookPath: string;
  readonly submitToken?: string;
  readonly maxBodyBytes: number;
  readonly logLevel: 'info' | 'warn' | 'error' | 'silent';
  /** After an accepted submission, recompute the derived tabs before answering, after answering, or not. */
  readonly recomputeOnSubmit: 'wait' | 'background' | 'off';
  /** The Google spreadsheet of STORE=sheets; required then. */
  readonly spreadsheetId?: string;
  /** Base URL every Google API client uses instead of Google's, with no credentials (a local fake). */
  readonly googleApiRootUrl?: string;
  /** Service account the local credentials act as. */
  readonly impersonateServiceAccount?: string;
  /** Writes that would take the spreadsheet past this many cells are refused. */
  readonly sheetsMaxCells: number;
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
  if (value.STORE === 'sheets' && value.SPREADSHEET_ID === undefined) {
    throw new ConfigError(['SPREADSHEET_ID: required when STORE=sheets; it is the part of the sheet URL between /d/ and /edit']);
  }
  return {
    store: value.STORE,
    workbookPath: path.resolve(cwd, value.WORKBOOK_PATH),
    ...(value.SUBMIT_TOKEN === undefined ? {} : { submitToken: value.SUBMIT_TOKEN }),
    maxBodyBytes: value.MAX_BODY_BYTES,
    logLevel: value.LOG_LEVEL,
    recomputeOnSubmit: value.RECOMPUTE_ON_SUBMIT,
    ...(value.SPREADSHEET_ID === undefined ? {} : { spreadsheetId: value.SPREADSHEET_ID }),
    ...(value.GOOGLE_API_ROOT_URL === undefined ? {} : { googleApiRootUrl: value.GOOGLE_API_ROOT_URL }),
    ...(value.IMPERSONATE_SERVICE_ACCOUNT === undefined ? {} : { impersonateServiceAccount: value.IMPERSONATE_SERVICE_ACCOUNT }),
    sheetsMaxCells: value.SHEETS_MAX_CELLS,
  };
}
