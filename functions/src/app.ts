// Builds the adapters named by the configuration and wires them into the HTTP handler.
import type { Request, Response } from '@google-cloud/functions-framework';
import { GoogleSheetsStore } from './adapters/google-sheets-store.js';
import { jsonLogger } from './adapters/json-logger.js';
import { MemorySheetStore } from './adapters/memory-store.js';
import { systemClock } from './adapters/system-clock.js';
import { XlsxSheetStore } from './adapters/xlsx-store.js';
import type { Config } from './config.js';
import { createHandler } from './http/handler.js';
import type { Clock, Logger, SheetStore } from './ports.js';
import { runRecompute } from './recompute-job.js';
import { RecomputeScheduler } from './recompute-scheduler.js';

export interface App {
  readonly store: SheetStore;
  readonly recompute: RecomputeScheduler;
  readonly handler: (req: Request, res: Response) => Promise<void>;
}

export function storeFor(config: Config): SheetStore {
  if (config.store === 'sheets') {
    // loadConfig refuses STORE=sheets without SPREADSHEET_ID.
    return new GoogleSheetsStore({ spreadsheetId: config.spreadsheetId ?? '', google: config, maxCells: config.sheetsMaxCells });
  }
  return config.store === 'memory' ? new MemorySheetStore() : new XlsxSheetStore(config.workbookPath);
}

export function createApp(config: Config, overrides: { store?: SheetStore; clock?: Clock; logger?: Logger } = {}): App {
  const store = overrides.store ?? storeFor(config);
  const logger = overrides.logger ?? jsonLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock;
  const recompute = new RecomputeScheduler(() => runRecompute(store, clock));
  const handler = createHandler({
    store,
    clock,
    logger,
    maxBodyBytes: config.maxBodyBytes,
    recompute,
    recomputeOnSubmit: config.recomputeOnSubmit,
    ...(config.submitToken === undefined ? {} : { submitToken: config.submitToken }),
  });
  return { store, recompute, handler };
}
