// Adapters loaded on first use: a cold instance parses only the code of the store, mailer and Google clients it uses.
import type {
  AppendOptions,
  AppendResult,
  ComposedMail,
  Mailer,
  SendLedger,
  SendResult,
  SheetStore,
  StoreHealth,
  FormsApi,
  IdTokenVerifier,
} from '../ports.js';
import type { Table, RowRecord } from '../core/table.js';
import { loadOnce } from './load-once.js';

function isSendLedger(value: unknown): value is SendLedger {
  return typeof (value as Partial<SendLedger>).entries === 'function' && typeof (value as Partial<SendLedger>).record === 'function';
}

export class LazySheetStore implements SheetStore {
  private readonly store: () => Promise<SheetStore>;

  constructor(
    load: () => Promise<SheetStore>,
    /** Whether the store it loads keeps a send ledger (the local workbook does). */
    readonly keepsLedger = false,
  ) {
    this.store = loadOnce(load);
  }

  async read(tabs: readonly string[]): Promise<ReadonlyMap<string, Table>> {
    return (await this.store()).read(tabs);
  }

  async append(tab: string, rows: readonly RowRecord[], options?: AppendOptions): Promise<AppendResult> {
    return (await this.store()).append(tab, rows, options);
  }

  async replace(tabs: ReadonlyMap<string, readonly RowRecord[]>): Promise<void> {
    return (await this.store()).replace(tabs);
  }

  async health(): Promise<StoreHealth | undefined> {
    const store = await this.store();
    return store.health ? store.health() : undefined;
  }

  async flush(): Promise<void> {
    const store = await this.store();
    if (store.flush) await store.flush();
  }

  async resume(): Promise<void> {
    const store = await this.store();
    if (store.resume) await store.resume();
  }

  /** The store's send ledger, loaded with the store; a store that keeps none records nothing and knows no sends. */
  ledger(): SendLedger {
    const ledger = async () => {
      const store = await this.store();
      return isSendLedger(store) ? store : undefined;
    };
    return {
      entries: async () => (await ledger())?.entries() ?? new Map(),
      record: async (entries) => (await ledger())?.record(entries),
    };
  }
}

export class LazyMailer implements Mailer {
  private readonly mailer: () => Promise<Mailer>;
  /** A load is under way or done (not failed): there is something to close. */
  private started = false;

  constructor(
    readonly name: Mailer['name'],
    load: () => Promise<Mailer>,
  ) {
    this.mailer = loadOnce(async () => {
      this.started = true;
      try {
        return await load();
      } catch (error) {
        this.started = false;
        throw error;
      }
    });
  }

  async send(mail: ComposedMail): Promise<SendResult> {
    return (await this.mailer()).send(mail);
  }

  async wasSent(mail: Pick<ComposedMail, 'key' | 'messageId'>): Promise<boolean | undefined> {
    return (await this.mailer()).wasSent(mail);
  }

  async close(): Promise<void> {
    // Nothing to close when it was never loaded.
    if (this.started) await (await this.mailer()).close();
  }
}

/** The Forms API client (googleapis) loaded when a form event or a watch renewal first needs it. */
export function lazyFormsApi(load: () => Promise<FormsApi>): FormsApi {
  const api = loadOnce(load);
  return {
    getForm: async (formId) => (await api()).getForm(formId),
    listResponses: async (formId, since) => (await api()).listResponses(formId, since),
    listWatches: async (formId) => (await api()).listWatches(formId),
    createWatch: async (formId, topicName) => (await api()).createWatch(formId, topicName),
    renewWatch: async (formId, watchId) => (await api()).renewWatch(formId, watchId),
    deleteWatch: async (formId, watchId) => (await api()).deleteWatch(formId, watchId),
  };
}

/** Identity-token checks that load google-auth-library with the first token to check. */
export function lazyIdTokenVerifier(load: () => Promise<IdTokenVerifier>): IdTokenVerifier {
  const verifier = loadOnce(load);
  return { verify: async (token) => (await verifier()).verify(token) };
}
