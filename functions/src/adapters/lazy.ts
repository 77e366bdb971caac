// Adapters loaded on first use: a cold instance parses only the code of the store, mailer and Google clients it uses.
import type { AppendOptions, AppendResult, ComposedMail, Mailer, RowRecord, SendResult, SheetStore } from '../ports.js';
import type { Table } from '../core/table.js';
import type { IdTokenVerifier } from '../http/id-token-verifier.js';
import type { FormsApi } from './forms-api.js';

export class LazySheetStore implements SheetStore {
  private loading: Promise<SheetStore> | undefined;

  constructor(private readonly load: () => Promise<SheetStore>) {}

  private store(): Promise<SheetStore> {
    // A failed load (a broken install) is retried on the next call rather than remembered.
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
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
}

export class LazyMailer implements Mailer {
  private loading: Promise<Mailer> | undefined;

  constructor(
    readonly name: Mailer['name'],
    private readonly load: () => Promise<Mailer>,
  ) {}

  private mailer(): Promise<Mailer> {
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  async send(mail: ComposedMail): Promise<SendResult> {
    return (await this.mailer()).send(mail);
  }

  async wasSent(mail: Pick<ComposedMail, 'key' | 'messageId'>): Promise<boolean | undefined> {
    return (await this.mailer()).wasSent(mail);
  }

  async close(): Promise<void> {
    // Nothing to close when it was never loaded.
    if (this.loading) await (await this.loading).close();
  }
}

/** The Forms API client (googleapis) loaded when a form event or a watch renewal first needs it. */
export function lazyFormsApi(load: () => Promise<FormsApi>): FormsApi {
  let loading: Promise<FormsApi> | undefined;
  const api = () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
  return {
    getForm: async (formId) => (await api()).getForm(formId),
    listResponses: async (formId, since) => (await api()).listResponses(formId, since),
    listWatches: async (formId) => (await api()).listWatches(formId),
    createWatch: async (formId, topicName) => (await api()).createWatch(formId, topicName),
    renewWatch: async (formId, watchId) => (await api()).renewWatch(formId, watchId),
  };
}

/** Identity-token checks that load google-auth-library with the first token to check. */
export function lazyIdTokenVerifier(load: () => Promise<IdTokenVerifier>): IdTokenVerifier {
  let loading: Promise<IdTokenVerifier> | undefined;
  return {
    verify: async (token) =>
      (
        await (loading ??= load().catch((error: unknown) => {
          loading = undefined;
          throw error;
        }))
      ).verify(token),
  };
}
