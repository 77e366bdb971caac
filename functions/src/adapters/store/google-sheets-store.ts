// SheetStore on a Google spreadsheet (@googleapis/sheets v4): rows by header, one API call per job step, RAW values.
import { sheets, type sheets_v4 } from '@googleapis/sheets';
import { ALL_TABS, type TabDef } from '../../../../sheets-templates/index.js';
import type { Cell } from '../../core/cells.js';
import { gridToTable, headerWidth, indexHeaders, recordToCells, type SheetRow, type Table, type RowRecord } from '../../core/table.js';
import { type AppendOptions, type AppendResult, type ReadOptions, type SheetStore, StoreError } from '../../ports.js';
import { googleClientOptions, SCOPES, serviceAccountEmail, type GoogleClientConfig, type GoogleClientOptions } from '../google/clients.js';
import { DEFAULT_RETRY_POLICY, googleRequestOptions, type RetryPolicy } from '../google/retry.js';
import { loadOnce } from '../load-once.js';
import { GroupCommit } from './group-commit.js';
import { apiFailure, isStaleGrid, missingTabOf, storeErrorFor, tabMissing } from './sheets-errors.js';
import {
  checkCapacity,
  GOOGLE_SHEETS_MAX_CELLS,
  gridExtent,
  layoutFromSheets,
  LAYOUT_FIELDS,
  resized,
  type SheetGrid,
  type SheetLayout,
} from './sheets-grid.js';
import { diffRequests, sameRow, sizedRowCount } from './sheets-diff.js';
import { appendRequest, headerRowRange, wholeTabRange } from './sheets-requests.js';
import { knownFromWhole, mergeTail, tailRanges, type KnownTail } from './sheets-tail.js';
import { gridFromValues, sheetValueToCell } from './sheets-values.js';
import { admitUnique, TabCatalog, uniqueText } from './store-rules.js';

export interface GoogleSheetsStoreOptions {
  readonly spreadsheetId: string;
  /** API root and credentials; with `googleApiRootUrl` set the store talks to a local fake, unauthenticated. */
  readonly google?: GoogleClientConfig;
  /** Refuse writes that would take the spreadsheet past this many cells (Google's own limit by default). */
  readonly maxCells?: number;
  readonly retry?: RetryPolicy;
  readonly tabs?: readonly TabDef[];
  /** Who the spreadsheet must be shared with, for the 403 message; by default the credentials' service account. */
  readonly principal?: () => Promise<string | undefined>;
  /** How long what this instance read or wrote of a derived tab is trusted as what stands (10 minutes by default). */
  readonly derivedTtlMs?: number;
  /** How long rows kept of an append-only tab are trusted before it is read whole again (a minute by default). */
  readonly tailTtlMs?: number;
  /** In a burst, reads (and appends) start at least this far apart, so they group (1 s: 60 a minute, Google's quota). */
  readonly burstSpacingMs?: number;
}

/** What the store knows of a tab from its latest read. */
interface TabState {
  /** The header row as the sheet has it now: rows are laid out along it. */
  readonly header: readonly Cell[];
  /** Data rows of the latest whole-tab read; undefined when only the header row was fetched. */
  readonly rows?: readonly SheetRow[];
  /** Rows this instance appended since then. */
  readonly appended: RowRecord[];
  /** Values already present per unique column, built on first use from `rows` and `appended`. */
  readonly present: Map<string, Set<string>>;
}

interface Client {
  readonly api: sheets_v4.Sheets;
  readonly options: GoogleClientOptions;
}

/**
 * The call budget, counted by test/google-sheets-store.test.ts for rosters of 10 and 2,000 trainees:
 *
 * - `read`: ONE values.batchGet with every requested tab whole, plus the header row of every other template
 *   tab the spreadsheet has. Those header rows let a later `replace` (the recompute never reads Grades,
 *   Retakes, Summary or Archive) or `append` lay rows out along each tab's real, current header without a
 *   call of its own; stale cached headers would write values under the wrong columns after staff move one.
 * - `append`: ONE spreadsheets.batchUpdate with an appendCells after the last row with data, from column A
 *   (values.append would write after the last table it detects, from that table's first column: see
 *   appendRequest), answering with the sheets' new sizes.
 * - `replace`: ONE spreadsheets.batchUpdate for all tabs: per tab an appendDimension when the grid is too
 *   short, then an updateCells over the whole data area (open-ended, so every old row is cleared whatever
 *   their number). It is atomic, so a failed recompute leaves the old derived tabs whole, and it needs no
 *   knowledge of how many rows the tab had. values.batchUpdate cannot do this in one call: it never adds
 *   rows ("exceeds grid limits") and clears only the rows it is told of.
 * - The layout (sheet ids and grid sizes of every sheet, for updateCells and the cell-limit check): ONE
 *   spreadsheets.get of the sheets' properties, only the first time an instance needs it. A
 *   spreadsheets.get with ranges cannot replace the batchGet: it leaves out the sheets no range touches,
 *   whose cells count towards the limit too, and its grid data is several times the bytes of plain values.
 *   After that the layout is kept current for free: the batchGet names each whole tab's grid
 *   ("Scores!A1:H1000"), and every batchUpdate answers with the properties of every sheet.
 *
 * So a submission (one read, one append) costs 1 read + 1 write on a warm instance and 2 reads + 1 write
 * on a cold one; a recompute (one read, one replace) the same. Only repairs cost more: a layout that went
 * stale under the cache (a tab deleted or recreated, rows deleted by hand) is fetched again and the call
 * retried once.
 */
export class GoogleSheetsStore implements SheetStore {
  readonly spreadsheetId: string;
  private readonly google: GoogleClientConfig;
  private readonly maxCells: number;
  /**
   * Rows whose append is under way, per tab. A read that lands meanwhile does not show them yet, so they stay
   * counted as present in the state it builds: otherwise a redelivery racing its original passes uniqueBy.
   */
  private readonly appending = new Map<string, Set<RowRecord>>();
  private readonly retry: RetryPolicy;
  private readonly catalog: TabCatalog;
  private readonly principalOverride: (() => Promise<string | undefined>) | undefined;
  private readonly states = new Map<string, TabState>();
  /** The client, built on the first call; credentials that failed to load are looked for again on the next. */
  private readonly api: () => Promise<Client>;
  private layoutCache: SheetLayout | undefined;
  /**
   * What each derived tab holds, as last read whole or written by this instance, with when it was read: a recompute
   * writes only the rows that differ from it. Only functions write derived tabs (they are protected) and one jobs
   * instance recomputes at a time, so what it wrote is what stands; `derivedTtlMs` bounds how long it trusts that,
   * in case a second writer (a recompute on submit elsewhere, a person overriding the protection) wrote meanwhile.
   */
  private readonly contents = new Map<string, { header: readonly Cell[]; rows: readonly (readonly Cell[])[]; at: number }>();
  private readonly derivedTtlMs: number;
  /**
   * Rows kept of tabs read whole, for reads that name them append-only: such a read fetches the header row and the
   * rows from the last one known down, which costs what was added since, not the year's history. That last known
   * row is read again and compared, so rows staff deleted or inserted above it (or a header they changed) are
   * noticed at once and the tab is read whole. A value staff corrected in place above it is not visible that way:
   * no cheap signal tells (Drive's version and modifiedTime change with every append of every instance), so the
   * kept rows are trusted for `tailTtlMs` only, then read whole again: such an edit is seen within a minute. New
   * rows, the ones that decide a duplicate or the next attempt, are always seen.
   */
  private readonly tails = new Map<string, KnownTail>();
  private readonly tailTtlMs: number;
  private layoutLoading: Promise<SheetLayout> | undefined;

  constructor(options: GoogleSheetsStoreOptions) {
    this.spreadsheetId = options.spreadsheetId;
    this.google = options.google ?? {};
    this.maxCells = options.maxCells ?? GOOGLE_SHEETS_MAX_CELLS;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.catalog = new TabCatalog(options.tabs ?? ALL_TABS);
    this.principalOverride = options.principal;
    this.derivedTtlMs = options.derivedTtlMs ?? 10 * 60_000;
    this.tailTtlMs = options.tailTtlMs ?? 60_000;
    const spacing = options.burstSpacingMs ?? 1_000;
    this.reads = new GroupCommit((items) => this.readBatch(items), spacing);
    this.appends = new GroupCommit(async (items) => {
      await this.appendRows(items);
      return items.map(() => undefined);
    }, spacing);
    const retry = this.retry;
    const google = this.google;
    this.api = loadOnce(async () => {
      const clientOptions = await googleClientOptions(google, [SCOPES.spreadsheets]);
      return { api: sheets({ version: 'v4', ...clientOptions, ...googleRequestOptions(retry) }), options: clientOptions };
    });
  }

  /**
   * Reads and appends go by group commit: those made while one is under way share the next call (a burst of 200
   * submissions in one instance is a handful of reads and appends, within the 60 a minute Google allows).
   */
  private readonly reads: GroupCommit<{ names: readonly string[]; appendOnly: readonly string[] }, ReadonlyMap<string, Table>>;
  private readonly appends: GroupCommit<{ name: string; cells: readonly (readonly Cell[])[] }, undefined>;

  async read(names: readonly string[], options: ReadOptions = {}): Promise<ReadonlyMap<string, Table>> {
    for (const name of names) this.definition(name);
    return this.reads.submit({ names, appendOnly: options.appendOnly ?? [] });
  }

  /** One read for reads gathered together: every tab any names; read by its tail only if every read naming it allows it. */
  private async readBatch(
    items: readonly { names: readonly string[]; appendOnly: readonly string[] }[],
  ): Promise<ReadonlyMap<string, Table>[]> {
    const names = [...new Set(items.flatMap((item) => item.names))];
    const appendOnly = names.filter((name) => items.every((item) => !item.names.includes(name) || item.appendOnly.includes(name)));
    const tables = await this.readNow(names, { appendOnly });
    return items.map((item) => new Map(item.names.map((name) => [name, tables.get(name) as Table])));
  }

  private async readNow(names: readonly string[], options: ReadOptions): Promise<ReadonlyMap<string, Table>> {
    for (let attempt = 0; ; attempt += 1) {
      const layout = await this.layout();
      const wanted = new Set(names);
      const probes = [...this.catalog.names()].filter((name) => !wanted.has(name) && layout.has(name));
      const now = Date.now();
      const tails = names.filter((name) => {
        const known = this.tails.get(name);
        return options.appendOnly?.includes(name) === true && known !== undefined && now - known.wholeAt < this.tailTtlMs;
      });
      try {
        return await this.fetch(
          names.filter((name) => !tails.includes(name)),
          probes,
          tails,
        );
      } catch (error) {
        // A template tab deleted since the layout was fetched fails the whole batchGet, though nobody asked for it.
        const failure = apiFailure(error);
        const missing = failure && missingTabOf(failure);
        if (attempt > 0 || missing === undefined || wanted.has(missing)) throw await this.storeError(error, 'read');
        this.layoutCache = undefined;
      }
    }
  }

  async append(name: string, rows: readonly RowRecord[], options: AppendOptions = {}): Promise<AppendResult> {
    const tab = this.definition(name);
    const { uniqueBy } = options;
    const known = this.states.get(name);
    // A tab this instance has not read needs its header fetched to lay rows out, and its rows to judge uniqueness.
    const state = known && (uniqueBy === undefined || known.rows) ? known : await this.fetchState(name, uniqueBy !== undefined);
    const index = indexHeaders(tab, state.header);
    const width = headerWidth(state.header);

    // Judge and reserve the unique values before any await, so appends racing on this view of the tab cannot both pass.
    const present = uniqueBy === undefined ? undefined : this.presentValues(state, uniqueBy);
    const { write: written, skipped } = admitUnique(rows, uniqueBy, present);
    for (const record of written) this.remember(state, record);
    if (written.length === 0) return { appended: 0, skipped };

    const underWay = this.appending.get(name) ?? new Set<RowRecord>();
    this.appending.set(name, underWay);
    for (const record of written) underWay.add(record);
    try {
      await this.appends.submit({ name, cells: written.map((record) => recordToCells(index, width, record)) });
    } catch (error) {
      // The state may have been rebuilt by a read during the call: undo in the one that is current.
      this.forget(this.states.get(name) ?? state, written);
      throw error;
    } finally {
      for (const record of written) underWay.delete(record);
    }
    return { appended: written.length, skipped };
  }

  /**
   * One batchUpdate appending the rows of every tab (one appendCells per tab, rows in the order they came); a grid
   * gone stale under the cached layout (a tab recreated) is looked up again once.
   */
  private async appendRows(entries: readonly { name: string; cells: readonly (readonly Cell[])[] }[]): Promise<void> {
    const byTab = new Map<string, (readonly Cell[])[]>();
    for (const { name, cells } of entries) byTab.set(name, [...(byTab.get(name) ?? []), ...cells]);
    const tabs = [...byTab];
    for (let attempt = 0; ; attempt += 1) {
      // Checked as if the grids had to grow by every row: they grow only when full, but the margin is one append.
      const { grids, layout } = await this.onFreshSizes(
        async () => ({ grids: await Promise.all(tabs.map(([name]) => this.grid(name))), layout: await this.layout() }),
        ({ grids, layout }) =>
          checkCapacity(
            this.spreadsheetId,
            layout,
            resized(layout, new Map(tabs.map(([name, cells], i) => [name, { rowCount: (grids[i] as SheetGrid).rowCount + cells.length }]))),
            this.maxCells,
          ),
      );
      const requests = tabs.map(([, cells], i) => appendRequest(grids[i] as SheetGrid, cells));
      try {
        // Retried on 429/5xx like every call: a 5xx after Google stored the row writes it twice. uniqueBy cannot see
        // that, nor a row another instance appended since its read; the recompute sets a repeated submission id aside.
        const response = await this.raw((api) =>
          api.spreadsheets.batchUpdate({
            spreadsheetId: this.spreadsheetId,
            fields: `updatedSpreadsheet.${LAYOUT_FIELDS}`,
            requestBody: { requests, includeSpreadsheetInResponse: true, responseIncludeGridData: false },
          }),
        );
        const sheetsAfter = response.data.updatedSpreadsheet?.sheets;
        this.layoutCache = sheetsAfter ? layoutFromSheets(sheetsAfter) : layout;
        return;
      } catch (error) {
        const failure = apiFailure(error);
        if (attempt > 0 || !failure || !isStaleGrid(failure)) throw await this.storeError(error, 'write');
        this.layoutCache = undefined;
      }
    }
  }

  async replace(tables: ReadonlyMap<string, readonly RowRecord[]>): Promise<void> {
    const targets = [...tables].map(([name, records]) => {
      const tab = this.catalog.replaceable(name);
      return { name, tab, records };
    });
    // What stands in each tab is compared with what is written: a tab this instance has not read lately is read first.
    const now = Date.now();
    const unknown = targets.filter(({ name }) => !this.standing(name, now)).map(({ name }) => name);
    if (unknown.length > 0) await this.fetchOrFail(unknown, []);
    // Lay every tab out before writing any, so a broken header leaves the spreadsheet as it was.
    const laidOut = targets.map(({ name, tab, records }) => {
      const header = (this.states.get(name) as TabState).header;
      const index = indexHeaders(tab, header);
      const width = headerWidth(header);
      const before = this.contents.get(name);
      return { name, header, width, before: before?.rows ?? [], cells: records.map((record) => recordToCells(index, width, record)) };
    });

    for (let attempt = 0; ; attempt += 1) {
      try {
        // Grids and layout once per try: the sizes checked against the cell limit are the sizes written.
        const { grids, layout, sizes } = await this.onFreshSizes(
          async () => {
            const grids = await Promise.all(laidOut.map(({ name }) => this.grid(name)));
            const layout = await this.layout();
            const sizes = new Map(
              laidOut.map(({ name, cells }, i) => [name, { rowCount: sizedRowCount(grids[i] as SheetGrid, cells.length) }]),
            );
            return { grids, layout, sizes };
          },
          ({ layout, sizes }) => checkCapacity(this.spreadsheetId, layout, resized(layout, sizes), this.maxCells),
        );
        const requests = laidOut.flatMap(({ width, before, cells }, i) => diffRequests(grids[i] as SheetGrid, width, before, cells));
        // Nothing changed: no call at all.
        if (requests.length > 0) {
          const response = await this.raw((api) =>
            api.spreadsheets.batchUpdate({
              spreadsheetId: this.spreadsheetId,
              fields: `updatedSpreadsheet.${LAYOUT_FIELDS}`,
              requestBody: { requests, includeSpreadsheetInResponse: true, responseIncludeGridData: false },
            }),
          );
          const sheetsAfter = response.data.updatedSpreadsheet?.sheets;
          this.layoutCache = sheetsAfter ? layoutFromSheets(sheetsAfter) : resized(layout, sizes);
        }
        break;
      } catch (error) {
        const failure = apiFailure(error);
        // What stands is unknown after a failed write (it may have been applied): read again next time.
        for (const { name } of laidOut) this.contents.delete(name);
        if (attempt > 0 || !failure || !isStaleGrid(failure)) throw await this.storeError(error, 'write');
        this.layoutCache = undefined;
        await this.fetchOrFail(
          laidOut.map(({ name }) => name),
          [],
        );
        for (const entry of laidOut) entry.before = this.contents.get(entry.name)?.rows ?? [];
      }
    }
    // The rows just written are the tabs' contents now; a later uniqueness check reads them afresh.
    for (const { name, header, cells } of laidOut) {
      const state = this.states.get(name) as TabState;
      this.states.set(name, { header: state.header, appended: [], present: new Map() });
      this.contents.set(name, { header, rows: cells, at: this.contents.get(name)?.at ?? now });
      this.tails.delete(name);
    }
  }

  /** Whether this instance knows what a derived tab holds, read or written along its current header within `derivedTtlMs`. */
  private standing(name: string, now: number): boolean {
    const known = this.contents.get(name);
    const state = this.states.get(name);
    return known !== undefined && state !== undefined && now - known.at < this.derivedTtlMs && sameRow(known.header, state.header);
  }

  private definition(name: string): TabDef {
    return this.catalog.definition(name);
  }

  /** What the store must know of a tab it has not read: its header row, or the whole tab. */
  private async fetchState(name: string, whole: boolean): Promise<TabState> {
    await this.fetchOrFail(whole ? [name] : [], whole ? [] : [name]);
    return this.states.get(name) as TabState;
  }

  private async fetchOrFail(whole: readonly string[], headers: readonly string[]): Promise<void> {
    try {
      await this.fetch(whole, headers);
    } catch (error) {
      throw await this.storeError(error, 'read');
    }
  }

  /**
   * One values.batchGet: `whole` tabs become Tables, `headers` only refresh what the store knows of their header row,
   * `tails` are completed with the rows added since; a tail that no longer matches costs one more batchGet of it whole.
   */
  private async fetch(whole: readonly string[], headers: readonly string[], tails: readonly string[] = []): Promise<Map<string, Table>> {
    const tailRangesOf = tails.map((name) => tailRanges(name, this.tails.get(name) as KnownTail));
    const response = await this.raw((api) =>
      api.spreadsheets.values.batchGet({
        spreadsheetId: this.spreadsheetId,
        ranges: [...whole.map(wholeTabRange), ...headers.map(headerRowRange), ...tailRangesOf.flat()],
        majorDimension: 'ROWS',
        valueRenderOption: 'UNFORMATTED_VALUE',
        dateTimeRenderOption: 'SERIAL_NUMBER',
      }),
    );
    const ranges = response.data.valueRanges ?? [];
    const tables = new Map<string, Table>();
    const sizes = new Map<string, { rowCount: number; columnCount: number }>();
    whole.forEach((name, i) => {
      const range = ranges[i];
      const tab = this.definition(name);
      const grid = gridFromValues(tab, range?.values);
      const table = gridToTable(tab, grid);
      tables.set(name, table);
      this.states.set(name, {
        header: grid[0] ?? [],
        rows: table.rows,
        appended: [...(this.appending.get(name) ?? [])],
        present: new Map(),
      });
      if (tab.role === 'derived') this.contents.set(name, { header: grid[0] ?? [], rows: grid.slice(1), at: Date.now() });
      this.tails.set(name, knownFromWhole(grid, table, Date.now()));
      const extent = gridExtent(range?.range);
      if (extent) sizes.set(name, extent);
    });
    headers.forEach((name, i) => {
      const header = (ranges[whole.length + i]?.values?.[0] ?? []).map((value) => sheetValueToCell(value, undefined));
      const known = this.states.get(name);
      // A header-only fetch keeps the rows of an earlier whole read: they are keyed by column, not position.
      this.states.set(name, known ? { ...known, header } : { header, appended: [], present: new Map() });
    });
    if (this.layoutCache) this.layoutCache = resized(this.layoutCache, sizes);
    const stale = this.completeTails(tails, ranges.slice(whole.length + headers.length), tables);
    if (stale.length > 0) for (const [name, table] of await this.fetch(stale, [])) tables.set(name, table);
    return tables;
  }

  /** Merge each tail read into the rows kept; returns the tabs whose kept rows no longer hold. */
  private completeTails(tails: readonly string[], ranges: readonly sheets_v4.Schema$ValueRange[], tables: Map<string, Table>): string[] {
    const stale: string[] = [];
    tails.forEach((name, i) => {
      const known = this.tails.get(name) as KnownTail;
      const merged = mergeTail(this.definition(name), known, ranges[2 * i]?.values, ranges[2 * i + 1]?.values);
      if (!merged) {
        stale.push(name);
        return;
      }
      this.tails.set(name, merged.known);
      tables.set(name, merged.table);
      this.states.set(name, {
        header: merged.known.header,
        rows: merged.table.rows,
        appended: [...(this.appending.get(name) ?? [])],
        present: new Map(),
      });
    });
    return stale;
  }

  private presentValues(state: TabState, column: string): Set<string> {
    let present = state.present.get(column);
    if (!present) {
      present = new Set();
      for (const row of state.rows ?? []) present.add(uniqueText(row.values[column]));
      for (const record of state.appended) present.add(uniqueText(record[column]));
      present.delete('');
      state.present.set(column, present);
    }
    return present;
  }

  private remember(state: TabState, record: RowRecord): void {
    state.appended.push(record);
    for (const [column, present] of state.present) {
      const id = uniqueText(record[column]);
      if (id !== '') present.add(id);
    }
  }

  /** Undo `remember` for rows whose write failed, so a retry of the same submission is not taken for a duplicate. */
  private forget(state: TabState, records: readonly RowRecord[]): void {
    const failed = new Set(records);
    const kept = state.appended.filter((record) => !failed.has(record));
    state.appended.splice(0, state.appended.length, ...kept);
    state.present.clear();
  }

  /** The layout, fetched once per instance (one spreadsheets.get of the sheets' properties) and then kept current. */
  private layout(): Promise<SheetLayout> {
    if (this.layoutCache) return Promise.resolve(this.layoutCache);
    this.layoutLoading ??= this.call('read', (api) =>
      api.spreadsheets.get({ spreadsheetId: this.spreadsheetId, includeGridData: false, fields: LAYOUT_FIELDS }),
    )
      .then((response) => {
        this.layoutCache = layoutFromSheets(response.data.sheets);
        return this.layoutCache;
      })
      .finally(() => {
        this.layoutLoading = undefined;
      });
    return this.layoutLoading;
  }

  /**
   * Sizes computed from the cached layout and checked against the cell limit; a refusal is made only on fresh
   * ones, since staff may have deleted rows or a whole tab to make room since this instance last looked (one
   * extra read, on refusal only). Returns the sizes that passed.
   */
  private async onFreshSizes<T>(compute: () => Promise<T>, check: (sizes: T) => void): Promise<T> {
    const cached = await compute();
    try {
      check(cached);
      return cached;
    } catch (error) {
      if (!(error instanceof StoreError) || error.code !== 'CAPACITY') throw error;
      this.layoutCache = undefined;
      const fresh = await compute();
      check(fresh);
      return fresh;
    }
  }

  /** A tab's grid; a tab the cached layout lacks may have been added since, so the layout is fetched again once. */
  private async grid(name: string): Promise<SheetGrid> {
    const cached = (await this.layout()).get(name);
    if (cached) return cached;
    this.layoutCache = undefined;
    const fresh = (await this.layout()).get(name);
    if (!fresh) throw tabMissing(this.spreadsheetId, name);
    return fresh;
  }

  /** Make one API call; a failure comes back as the client raised it. */
  private async raw<T>(request: (api: sheets_v4.Sheets) => Promise<T>): Promise<T> {
    const { api } = await this.api();
    return request(api);
  }

  /** Make one API call, its failure turned into a StoreError that says what to do. */
  private async call<T>(operation: 'read' | 'write', request: (api: sheets_v4.Sheets) => Promise<T>): Promise<T> {
    try {
      return await this.raw(request);
    } catch (error) {
      throw await this.storeError(error, operation);
    }
  }

  private async storeError(error: unknown, operation: 'read' | 'write'): Promise<unknown> {
    if (error instanceof StoreError) return error;
    const principal = apiFailure(error)?.status === 403 ? await this.principal() : undefined;
    return (
      storeErrorFor(error, {
        spreadsheetId: this.spreadsheetId,
        operation,
        tries: this.retry.tries,
        ...(principal === undefined ? {} : { principal }),
      }) ?? error
    );
  }

  private async principal(): Promise<string | undefined> {
    if (this.principalOverride) return this.principalOverride();
    return serviceAccountEmail((await this.api()).options);
  }
}
