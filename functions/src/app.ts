// Builds the adapters named by the configuration and wires them into the HTTP handler and the Forms watch CloudEvent function.
import type { CloudEvent, Request, Response } from '@google-cloud/functions-framework';
import type { OAuth2Client } from 'google-auth-library';
import { checkinSecret } from './adapters/checkin/secret.js';
import { formsApi } from './adapters/google/forms-api.js';
import { loadOnce } from './adapters/load-once.js';
import { jsonLogger } from './adapters/json-logger.js';
import { LazyMailer, LazySheetStore, lazyFormsApi, lazyIdTokenVerifier } from './adapters/lazy.js';
import { MemorySheetStore } from './adapters/store/memory-store.js';
import { systemClock } from './adapters/system-clock.js';
import type { Config } from './config.js';
import { handleFormsNotification } from './jobs/forms-watch.js';
import path from 'node:path';
import type { Credentials } from './http/auth.js';
import { TRAINING_SURFACE, JSON_TYPES, type GatePolicy } from './http/gate.js';
import { createHandler } from './http/handler.js';
import { runFeedback, type FeedbackDeps } from './jobs/feedback.js';
import { FeedbackScheduler } from './jobs/feedback-scheduler.js';
import type { Clock, Logger, Mailer, SendLedger, SheetStore, FormsApi } from './ports.js';
import { runRecompute } from './jobs/recompute.js';
import { RecomputeScheduler } from './jobs/recompute-scheduler.js';
import { runRenewWatches } from './jobs/renew-watches.js';
import { certificateDepsFor } from './jobs/certificate-wiring.js';
import { verifySerial } from './jobs/certificates.js';
import type { CertificateFiles } from './ports.js';

export interface App {
  readonly store: SheetStore;
  readonly recompute: RecomputeScheduler;
  /** Undefined with MAILER=off. */
  readonly feedback: FeedbackScheduler | undefined;
  readonly mailer: Mailer | undefined;
  readonly handler: (req: Request, res: Response) => Promise<void>;
  /** What the HTTP function admits before reading a body; the local launcher applies it first. */
  readonly gate: GatePolicy;
  /** The CloudEvent function fed by the Forms watch topic; throws only what Pub/Sub should redeliver. */
  readonly formsWatch: (event: CloudEvent<unknown>) => Promise<void>;
}

export function storeFor(config: Config, logger?: Logger): SheetStore {
  switch (config.store) {
    case 'memory':
      return new MemorySheetStore();
    case 'xlsx':
      return new LazySheetStore(
        async () =>
          new (await import('./adapters/store/xlsx-store.js')).XlsxSheetStore(config.workbookPath, {
            saveIntervalMs: config.workbookSaveIntervalMs,
            ...(logger ? { logger } : {}),
          }),
        true,
      );
    case 'sheets':
      // loadConfig refuses STORE=sheets without SPREADSHEET_ID.
      return new LazySheetStore(
        async () =>
          new (await import('./adapters/store/google-sheets-store.js')).GoogleSheetsStore({
            spreadsheetId: config.spreadsheetId ?? '',
            google: config,
            maxCells: config.sheetsMaxCells,
          }),
      );
  }
}

export function mailerFor(config: Config): Mailer | undefined {
  const mail = config.mail;
  switch (mail.mailer) {
    case 'off':
      return undefined;
    case 'outbox':
      return new LazyMailer('outbox', async () => new (await import('./adapters/mail/outbox-mailer.js')).OutboxMailer(mail.outboxDir));
    case 'smtp': {
      const url = mail.smtpUrl;
      if (url === undefined) throw new Error('SMTP_URL is not set');
      return new LazyMailer('smtp', async () => new (await import('./adapters/mail/smtp-mailer.js')).SmtpMailer(url));
    }
    case 'gmail':
      return new LazyMailer('gmail', async () => {
        const [{ GmailMailer }, { senderClientOptions }] = await Promise.all([
          import('./adapters/mail/gmail-mailer.js'),
          import('./adapters/mail/gmail-auth.js'),
        ]);
        return new GmailMailer(senderClientOptions(config.googleApiRootUrl, mail.gmailSender, mail.gmailKeyFile));
      });
  }
}

export interface AppOverrides {
  readonly store?: SheetStore;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** null: no mailer, whatever the configuration says. */
  readonly mailer?: Mailer | null;
  /** The Forms API; by default the real client (GOOGLE_API_ROOT_URL or Google with ADC). */
  readonly forms?: FormsApi;
  /** The client that fetches Google's token certificates; tests point it at a local fake. */
  readonly idTokenClient?: OAuth2Client;
  /** The local launcher's token for the CLI (written to the data folder at start): an admin credential. */
  readonly cliToken?: string;
  /** Where certificate PDFs go; by default the configured folder, Drive folder or (memory store) memory. */
  readonly certificateFiles?: CertificateFiles;
}

/** Who may call what, from the configuration (and, locally, the CLI's token). */
export function credentialsFor(config: Config, overrides: Pick<AppOverrides, 'idTokenClient' | 'cliToken'> = {}): Credentials {
  const audiences = config.idTokenAudiences;
  const adminTokens = [config.adminToken, overrides.cliToken].filter((token): token is string => token !== undefined);
  return {
    ...(config.submitToken === undefined ? {} : { submitToken: config.submitToken }),
    adminTokens,
    ...(audiences === undefined
      ? {}
      : {
          idTokens: lazyIdTokenVerifier(async () =>
            (await import('./adapters/google/id-token-verifier.js')).googleIdTokenVerifier({
              audiences,
              allowedInvokers: config.allowedInvokers ?? [],
              ...(overrides.idTokenClient ? { client: overrides.idTokenClient } : {}),
            }),
          ),
        }),
    openOnLoopback: config.submitToken === undefined && audiences === undefined && !config.onGoogle,
  };
}

/** Absolute paths error messages may carry, longest first, each with the name the configuration gave it. */
function shownPaths(config: Config): [string, string][] {
  return [
    [config.workbookPath, config.workbookName],
    [path.dirname(config.workbookPath), path.dirname(config.workbookName)],
  ];
}

/** The record of sends that decides what went out: the local workbook's journal; other stores keep FeedbackLog as the record. */
export function ledgerFor(store: SheetStore): SendLedger | undefined {
  if (store instanceof LazySheetStore) return store.keepsLedger ? store.ledger() : undefined;
  const candidate = store as Partial<SendLedger>;
  return typeof candidate.entries === 'function' && typeof candidate.record === 'function' ? (store as unknown as SendLedger) : undefined;
}

export function feedbackDeps(
  config: Config,
  store: SheetStore,
  mailer: Mailer,
  clock: Clock,
  logger: Logger,
  certificateFiles?: CertificateFiles,
): FeedbackDeps {
  const ledger = ledgerFor(store);
  return {
    store,
    ...(certificateFiles ? { certificateFiles } : {}),
    ...(ledger ? { ledger } : {}),
    mailer,
    clock,
    logger,
    limits: config.mail.limits,
    from: config.mail.from,
    ...(config.mail.replyTo ? { replyTo: config.mail.replyTo } : {}),
  };
}

export function createApp(config: Config, overrides: AppOverrides = {}): App {
  const logger = overrides.logger ?? jsonLogger(config.logLevel);
  const store = overrides.store ?? storeFor(config, logger);
  const clock = overrides.clock ?? systemClock;
  const mailer = overrides.mailer === null ? undefined : (overrides.mailer ?? mailerFor(config));
  const certificates = certificateDepsFor(config, logger, overrides.certificateFiles);
  const feedback =
    mailer === undefined
      ? undefined
      : new FeedbackScheduler((options) => runFeedback(feedbackDeps(config, store, mailer, clock, logger, certificates?.files), options));
  const recompute = new RecomputeScheduler(
    async () => {
      const report = await runRecompute(store, clock, certificates);
      // PDFs left over by the run's time budget: another run soon stores the next ones (as after a submission).
      if ((report.certificates?.waiting ?? 0) > 0) void recompute.afterSubmit('certificates-waiting');
      // Grades changed, so feedback may be due; sending takes its own time and never holds up the recompute.
      if (feedback !== undefined && config.mail.afterRecompute) {
        feedback
          .request()
          .catch((error: unknown) =>
            logger.error('feedback run failed', { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
          );
      }
      return report;
    },
    { onSubmit: config.recomputeOnSubmit, logger, backgroundIntervalMs: config.recomputeIntervalMs },
  );
  // Built on first use: an instance that never meets a form needs no Google client.
  let forms = overrides.forms;
  const formsOnce = () =>
    (forms ??= lazyFormsApi(async () => formsApi((await import('./adapters/google/forms-client.js')).formsClient(config))));
  const topic = config.formsWatchTopic;
  const gate: GatePolicy = {
    surface: TRAINING_SURFACE,
    mediaTypes: JSON_TYPES,
    maxBodyBytes: config.maxBodyBytes,
    credentials: credentialsFor(config, overrides),
  };
  const checkinKey = loadOnce(() => checkinSecret(config.checkin));
  const handler = createHandler({
    store,
    clock,
    logger,
    gate,
    shownPaths: shownPaths(config),
    recompute,
    ...(feedback === undefined ? {} : { feedback }),
    ...(topic === undefined ? {} : { renewWatches: () => runRenewWatches({ store, forms: formsOnce(), clock, logger, topic }) }),
    checkinSecret: checkinKey,
    ...(certificates === undefined ? {} : { verifyCertificate: (serial: string) => verifySerial(store, certificates.secret, serial) }),
  });
  const formsWatch = async (event: CloudEvent<unknown>): Promise<void> => {
    await handleFormsNotification(event.data, {
      store,
      forms: formsOnce(),
      clock,
      logger,
      recomputeAfterSubmit: (id) => recompute.afterSubmit(id),
      checkinSecret: checkinKey,
    });
  };
  return { store, recompute, feedback, mailer, handler, gate, formsWatch };
}
