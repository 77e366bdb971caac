// Runtime configuration, read once from the environment and validated; tests pass their own env.
import path from 'node:path';
import addressparser from 'nodemailer/lib/addressparser';
import { z } from 'zod';
import type { MailAddress, FeedbackLimits } from './ports.js';

const optionalText = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().optional());

/** A comma-separated list; blank entries are dropped, so `a, b,` is two items. */
function commaList(item: z.ZodType<string>) {
  return z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((part) => part.trim())
            .filter((part) => part !== '')
        : [],
    z.array(item),
  );
}

const schema = z.object({
  STORE: z.enum(['xlsx', 'memory', 'sheets']).default('xlsx'),
  WORKBOOK_PATH: z.string().trim().min(1).default('data/training.xlsx'),
  WORKBOOK_SAVE_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(2000),
  SUBMIT_TOKEN: optionalText.pipe(z.string().min(16, 'SUBMIT_TOKEN must be at least 16 characters').optional()),
  ADMIN_TOKEN: optionalText.pipe(z.string().min(16, 'ADMIN_TOKEN must be at least 16 characters').optional()),
  // The local launcher's address; the deployed functions listen where Google tells them (PORT).
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0, 'PORT must be 0 to 65535').max(65_535, 'PORT must be 0 to 65535').default(8080),
  // Set by Cloud Run and Cloud Functions: there, no request is ever admitted without a credential.
  K_SERVICE: optionalText,
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(64 * 1024),
  LOG_LEVEL: z.enum(['info', 'warn', 'error', 'silent']).default('info'),
  RECOMPUTE_ON_SUBMIT: z.enum(['wait', 'background', 'off']).default('background'),
  RECOMPUTE_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(5000),

  // Feedback e-mail: which mailer, who sends, and how fast.
  MAILER: z.enum(['outbox', 'smtp', 'gmail', 'off']).default('outbox'),
  OUTBOX_DIR: z.string().trim().min(1).default('data/outbox'),
  MAIL_FROM: optionalText,
  MAIL_REPLY_TO: optionalText,
  SMTP_URL: optionalText.pipe(
    z
      .string()
      .regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://')
      .optional(),
  ),
  GMAIL_SENDER: optionalText.pipe(z.email('GMAIL_SENDER must be an e-mail address').optional()),
  GMAIL_KEY_FILE: optionalText,
  FEEDBACK_AFTER_RECOMPUTE: z.enum(['on', 'off']).default('on'),
  FEEDBACK_RATE_PER_SECOND: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number().min(0).max(100).optional(),
  ),
  FEEDBACK_DAILY_CAP: z.coerce.number().int().min(1).max(100_000).default(1500),
  FEEDBACK_TIME_BUDGET_SECONDS: z.coerce.number().min(5).max(3600).default(50),
  FEEDBACK_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(25),
  FEEDBACK_MAX_TRIES: z.coerce.number().int().min(1).max(50).default(8),

  // Form triggers and who may call the function: Google APIs base URL (tests), the Forms watch topic, identity tokens.
  GOOGLE_API_ROOT_URL: optionalText.pipe(z.url({ protocol: /^https?$/, message: 'GOOGLE_API_ROOT_URL must be an http(s) URL' }).optional()),
  FORMS_WATCH_TOPIC: optionalText.pipe(
    z
      .string()
      .regex(/^projects\/[^/\s]+\/topics\/[^/\s]+$/, 'FORMS_WATCH_TOPIC must look like projects/<project>/topics/<topic>')
      .optional(),
  ),
  ID_TOKEN_AUDIENCES: commaList(z.string().min(1)),
  ALLOWED_INVOKERS: commaList(z.email('ALLOWED_INVOKERS must be comma-separated e-mail addresses')),

  // Google: the spreadsheet (of STORE=sheets; `provision --google` creates one when unset), local credentials, the cell limit.
  SPREADSHEET_ID: optionalText.pipe(
    z
      .string()
      .regex(/^[\w-]{10,}$/, 'SPREADSHEET_ID is the part of the sheet URL between /d/ and /edit')
      .optional(),
  ),
  IMPERSONATE_SERVICE_ACCOUNT: optionalText.pipe(z.email('IMPERSONATE_SERVICE_ACCOUNT must be a service account e-mail').optional()),
  SHEETS_MAX_CELLS: z.coerce.number().int().min(1).max(10_000_000).default(10_000_000),

  // QR check-in (扫码签到): the key that signs check-in links (locally, unset: a random one kept in the data folder),
  // and the address trainees' phones open the local check-in page at (default: http://HOST:PORT).
  CHECKIN_SECRET: optionalText.pipe(z.string().min(32, 'CHECKIN_SECRET must be at least 32 characters').optional()),
  CHECKIN_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/, message: 'CHECKIN_BASE_URL must be an http(s) URL' }).optional()),

  // Certificates (issue 17 part 1): the serials' HMAC key, the local folder of PDFs, the Drive folder on Google.
  CERTIFICATE_SECRET: optionalText.pipe(z.string().min(32, 'CERTIFICATE_SECRET must be at least 32 characters').optional()),
  CERTIFICATES_DIR: optionalText,
  CERTIFICATES_DRIVE_FOLDER_ID: optionalText.pipe(
    z
      .string()
      .regex(/^[\w-]{10,}$/, 'CERTIFICATES_DRIVE_FOLDER_ID is the part of the folder URL after /folders/')
      .optional(),
  ),
});

/** Every variable loadConfig reads, for the check that .env.example documents each one. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

/** Default pacing per mailer: Gmail allows a few sends a second per user, SMTP relays usually a little more. */
const DEFAULT_RATE = { outbox: 0, smtp: 5, gmail: 2, off: 0 } as const;
const DEFAULT_FROM = '培训中心 <training@example.com>';

export interface Config {
  readonly store: 'xlsx' | 'memory' | 'sheets';
  /** Absolute path of the local workbook. */
  readonly workbookPath: string;
  /** At most one save of the local workbook this often; accepted entries are in its journal at once. */
  readonly workbookSaveIntervalMs: number;
  /** The workbook as messages name it: WORKBOOK_PATH as configured, or only its file name when that is absolute. */
  readonly workbookName: string;
  /** Admits POST /submissions only: the credential every form holds. */
  readonly submitToken?: string;
  /** Admits everything, recompute, feedback sending, its preview and watch renewal included. */
  readonly adminToken?: string;
  /** Where the local launcher listens (loopback unless HOST says otherwise). */
  readonly host: string;
  readonly port: number;
  /** Running on Google (K_SERVICE is set): a request with no credential is never admitted. */
  readonly onGoogle: boolean;
  readonly maxBodyBytes: number;
  readonly logLevel: 'info' | 'warn' | 'error' | 'silent';
  /** After an accepted submission, recompute the derived tabs before answering, after answering, or not. */
  readonly recomputeOnSubmit: 'wait' | 'background' | 'off';
  /** With RECOMPUTE_ON_SUBMIT=background, at most one recompute this often. */
  readonly recomputeIntervalMs: number;
  /** Base URL every Google API client uses instead of Google's, with no credentials (tests against a local fake). */
  readonly googleApiRootUrl?: string;
  /** Pub/Sub topic the Forms API watches publish to: projects/<project>/topics/<topic>. */
  readonly formsWatchTopic?: string;
  /** Audiences a Google-signed identity token may carry to be accepted; absent: identity tokens are not accepted. */
  readonly idTokenAudiences?: readonly string[];
  /**
   * E-mails (lower case) whose identity tokens are admin credentials, e.g. Cloud Scheduler's service account; other
   * identities are then refused. Absent: an identity token with an accepted audience (a form's) admits submissions only.
   */
  readonly allowedInvokers?: readonly string[];
  /** The Google spreadsheet the functions use; required with STORE=sheets. */
  readonly spreadsheetId?: string;
  /** Service account the local credentials act as. */
  readonly impersonateServiceAccount?: string;
  /** Writes that would take the spreadsheet past this many cells are refused. */
  readonly sheetsMaxCells: number;
  readonly mail: MailConfig;
  readonly checkin: CheckinConfig;
  readonly certificates: CertificatesConfig;
}

/** QR check-in (扫码签到): where the key that signs links comes from, and where the local page is reached. */
export interface CheckinConfig {
  /**
   * CHECKIN_SECRET; else, locally, a random key kept in `secretFile` (made at first use, owner-only, kept across
   * restarts so printed sheets stay valid); on Google, none: check-in codes are refused until it is set.
   */
  readonly secret?: string;
  readonly secretFile?: string;
  /** The check-in page's address as printed in the QR codes of the local mode. */
  readonly baseUrl: string;
  /** Whether CHECKIN_BASE_URL set it; else the CLI prints the running server's address (any PORT) when there is one. */
  readonly baseUrlSet: boolean;
}

/** Certificates (issue 17 part 1). */
export interface CertificatesConfig {
  /** The HMAC key of serials; absent: locally a random key kept in the data folder, on Google none (certificates wait). */
  readonly secret?: string;
  /** Absolute path of the local folder of PDFs. */
  readonly dir: string;
  /** The folder as the Certificates tab names it (as configured, or its name alone when absolute). */
  readonly dirName: string;
  /** The Drive folder the PDFs go to with STORE=sheets. */
  readonly driveFolderId?: string;
}

export interface MailConfig {
  readonly mailer: 'outbox' | 'smtp' | 'gmail' | 'off';
  /** Absolute path of the outbox folder. */
  readonly outboxDir: string;
  readonly from: MailAddress;
  readonly replyTo?: MailAddress;
  readonly smtpUrl?: string;
  /** The Workspace user the Gmail API sends as (domain-wide delegation subject). */
  readonly gmailSender: string;
  readonly gmailKeyFile?: string;
  readonly afterRecompute: boolean;
  readonly limits: FeedbackLimits;
}

/** "培训中心 <training@bank.example>" or a bare address, parsed by nodemailer's address parser. */
function parseAddress(text: string): MailAddress | undefined {
  const [first, ...rest] = addressparser(text, { flatten: true });
  if (first === undefined || rest.length > 0 || !z.email().safeParse(first.address).success) return undefined;
  return { name: first.name, address: first.address };
}

/** The folder as the Certificates tab names it: as configured, or only its name when that is absolute. */
function certificatesDirName(dir: string): string {
  return path.isAbsolute(dir) ? path.basename(dir) : path.normalize(dir);
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`);
    this.name = 'ConfigError';
  }
}

// eslint-disable-next-line complexity -- one `??` default per variable, read in one place on purpose
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env, cwd = process.cwd()): Config {
  const result = schema.safeParse(env);
  if (!result.success) throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  const value = result.data;
  const problems: string[] = [];
  const from = parseAddress(value.MAIL_FROM ?? DEFAULT_FROM);
  if (from === undefined) problems.push('MAIL_FROM: not one e-mail address such as "培训中心 <training@bank.example>"');
  const replyTo = value.MAIL_REPLY_TO === undefined ? undefined : parseAddress(value.MAIL_REPLY_TO);
  if (value.MAIL_REPLY_TO !== undefined && replyTo === undefined) problems.push('MAIL_REPLY_TO: not one e-mail address');
  if (value.MAILER === 'smtp' && value.SMTP_URL === undefined)
    problems.push('SMTP_URL: required with MAILER=smtp (smtp://user:password@host:587)');
  if ((value.MAILER === 'smtp' || value.MAILER === 'gmail') && value.MAIL_FROM === undefined)
    problems.push(`MAIL_FROM: required with MAILER=${value.MAILER}`);
  if (value.ALLOWED_INVOKERS.length > 0 && value.ID_TOKEN_AUDIENCES.length === 0) {
    problems.push('ALLOWED_INVOKERS: restricts identity tokens, which are accepted only when ID_TOKEN_AUDIENCES is set; set it too');
  }
  if (value.ADMIN_TOKEN !== undefined && value.ADMIN_TOKEN === value.SUBMIT_TOKEN) {
    problems.push('ADMIN_TOKEN: must differ from SUBMIT_TOKEN, which every form holds');
  }
  if (value.STORE === 'sheets' && value.SPREADSHEET_ID === undefined) {
    problems.push('SPREADSHEET_ID: required when STORE=sheets; it is the part of the sheet URL between /d/ and /edit');
  }
  if (problems.length > 0 || from === undefined) throw new ConfigError(problems);
  return {
    store: value.STORE,
    workbookPath: path.resolve(cwd, value.WORKBOOK_PATH),
    workbookSaveIntervalMs: value.WORKBOOK_SAVE_INTERVAL_MS,
    // An absolute WORKBOOK_PATH is shown by its file name alone: answers never show where the server keeps files.
    workbookName: path.isAbsolute(value.WORKBOOK_PATH) ? path.basename(value.WORKBOOK_PATH) : path.normalize(value.WORKBOOK_PATH),
    ...(value.SUBMIT_TOKEN === undefined ? {} : { submitToken: value.SUBMIT_TOKEN }),
    ...(value.ADMIN_TOKEN === undefined ? {} : { adminToken: value.ADMIN_TOKEN }),
    host: value.HOST,
    port: value.PORT,
    onGoogle: value.K_SERVICE !== undefined,
    maxBodyBytes: value.MAX_BODY_BYTES,
    logLevel: value.LOG_LEVEL,
    recomputeOnSubmit: value.RECOMPUTE_ON_SUBMIT,
    recomputeIntervalMs: value.RECOMPUTE_INTERVAL_MS,
    ...(value.SPREADSHEET_ID === undefined ? {} : { spreadsheetId: value.SPREADSHEET_ID }),
    ...(value.GOOGLE_API_ROOT_URL === undefined ? {} : { googleApiRootUrl: value.GOOGLE_API_ROOT_URL }),
    mail: {
      mailer: value.MAILER,
      outboxDir: path.resolve(cwd, value.OUTBOX_DIR),
      from,
      ...(replyTo === undefined ? {} : { replyTo }),
      ...(value.SMTP_URL === undefined ? {} : { smtpUrl: value.SMTP_URL }),
      gmailSender: value.GMAIL_SENDER ?? from.address,
      ...(value.GMAIL_KEY_FILE === undefined ? {} : { gmailKeyFile: path.resolve(cwd, value.GMAIL_KEY_FILE) }),
      afterRecompute: value.FEEDBACK_AFTER_RECOMPUTE === 'on',
      limits: {
        ratePerSecond: value.FEEDBACK_RATE_PER_SECOND ?? DEFAULT_RATE[value.MAILER],
        dailyCap: value.FEEDBACK_DAILY_CAP,
        timeBudgetMs: value.FEEDBACK_TIME_BUDGET_SECONDS * 1000,
        batchSize: value.FEEDBACK_BATCH_SIZE,
        maxTries: value.FEEDBACK_MAX_TRIES,
      },
    },
    ...(value.FORMS_WATCH_TOPIC === undefined ? {} : { formsWatchTopic: value.FORMS_WATCH_TOPIC }),
    ...(value.ID_TOKEN_AUDIENCES.length === 0 ? {} : { idTokenAudiences: value.ID_TOKEN_AUDIENCES }),
    ...(value.ALLOWED_INVOKERS.length === 0 ? {} : { allowedInvokers: value.ALLOWED_INVOKERS.map((email) => email.toLowerCase()) }),
    ...(value.IMPERSONATE_SERVICE_ACCOUNT === undefined ? {} : { impersonateServiceAccount: value.IMPERSONATE_SERVICE_ACCOUNT }),
    sheetsMaxCells: value.SHEETS_MAX_CELLS,
    checkin: checkinConfig(value, cwd),
    certificates: {
      ...(value.CERTIFICATE_SECRET === undefined ? {} : { secret: value.CERTIFICATE_SECRET }),
      // By default beside the workbook (data/certificates), so a workbook elsewhere keeps its certificates with it.
      dir: path.resolve(cwd, value.CERTIFICATES_DIR ?? path.join(path.dirname(value.WORKBOOK_PATH), 'certificates')),
      dirName: certificatesDirName(value.CERTIFICATES_DIR ?? path.join(path.dirname(value.WORKBOOK_PATH), 'certificates')),
      ...(value.CERTIFICATES_DRIVE_FOLDER_ID === undefined ? {} : { driveFolderId: value.CERTIFICATES_DRIVE_FOLDER_ID }),
    },
  };
}

function checkinConfig(value: z.infer<typeof schema>, cwd: string): CheckinConfig {
  const secret =
    value.CHECKIN_SECRET !== undefined
      ? { secret: value.CHECKIN_SECRET }
      : value.K_SERVICE === undefined
        ? { secretFile: path.join(path.dirname(path.resolve(cwd, value.WORKBOOK_PATH)), '.checkin-secret') }
        : {};
  return {
    ...secret,
    baseUrl: (value.CHECKIN_BASE_URL ?? `http://${value.HOST}:${value.PORT}`).replace(/\/+$/, ''),
    baseUrlSet: value.CHECKIN_BASE_URL !== undefined,
  };
}
