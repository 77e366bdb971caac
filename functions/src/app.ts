// Builds the adapters named by the configuration and wires them into the HTTP handler and the Forms watch CloudEvent function.
import type { CloudEvent, Request, Response } from '@google-cloud/functions-framework';
import type { OAuth2Client } from 'google-auth-library';
import { formsApi, type FormsApi } from './adapters/forms-api.js';
import { formsClient } from './adapters/forms-client.js';
import { jsonLogger } from './adapters/json-logger.js';
import { MemorySheetStore } from './adapters/memory-store.js';
import { systemClock } from './adapters/system-clock.js';
import { XlsxSheetStore } from './adapters/xlsx-store.js';
import type { Config } from './config.js';
import { handleFormsNotification } from './forms-watch-job.js';
import { createHandler, recomputeAfterSubmit } from './http/handler.js';
import { googleIdTokenVerifier } from './http/id-token-verifier.js';
import type { Clock, Logger, SheetStore } from './ports.js';
import { runRecompute } from './recompute-job.js';
import { RecomputeScheduler } from './recompute-scheduler.js';
import { runRenewWatches } from './renew-watches-job.js';

export interface App {
  readonly store: SheetStore;
  readonly recompute: RecomputeScheduler;
  readonly handler: (req: Request, res: Response) => Promise<void>;
  /** The CloudEvent function fed by the Forms watch topic; throws only what Pub/Sub should redeliver. */
  readonly formsWatch: (event: CloudEvent<unknown>) => Promise<void>;
}

export function storeFor(config: Config): SheetStore {
  return config.store === 'memory' ? new MemorySheetStore() : new XlsxSheetStore(config.workbookPath);
}

export interface AppOverrides {
  store?: SheetStore;
  clock?: Clock;
  logger?: Logger;
  /** The Forms API; by default the real client (GOOGLE_API_ROOT_URL or Google with ADC). */
  forms?: FormsApi;
  /** The client that fetches Google's token certificates; tests point it at a local fake. */
  idTokenClient?: OAuth2Client;
}

export function createApp(config: Config, overrides: AppOverrides = {}): App {
  const store = overrides.store ?? storeFor(config);
  const logger = overrides.logger ?? jsonLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock;
  const recompute = new RecomputeScheduler(() => runRecompute(store, clock));
  // Built on first use: an instance that never meets a form needs no Google client.
  let forms = overrides.forms;
  const formsOnce = () => (forms ??= formsApi(formsClient(config)));
  const topic = config.formsWatchTopic;
  const handler = createHandler({
    store,
    clock,
    logger,
    maxBodyBytes: config.maxBodyBytes,
    recompute,
    recomputeOnSubmit: config.recomputeOnSubmit,
    ...(config.submitToken === undefined ? {} : { submitToken: config.submitToken }),
    ...(config.idTokenAudiences === undefined
      ? {}
      : {
          idTokens: googleIdTokenVerifier({
            audiences: config.idTokenAudiences,
            allowedInvokers: config.allowedInvokers ?? [],
            ...(overrides.idTokenClient ? { client: overrides.idTokenClient } : {}),
          }),
        }),
    ...(topic === undefined ? {} : { renewWatches: () => runRenewWatches({ store, forms: formsOnce(), clock, logger, topic }) }),
  });
  const formsWatch = async (event: CloudEvent<unknown>): Promise<void> => {
    await handleFormsNotification(event.data, {
      store,
      forms: formsOnce(),
      clock,
      logger,
      recomputeAfterSubmit: (id) => recomputeAfterSubmit({ recompute, recomputeOnSubmit: config.recomputeOnSubmit, logger }, id),
    });
  };
  return { store, recompute, handler, formsWatch };
}
