// The local workbook as the functions see it: the file as last read plus what the journal holds, saved in batches while no program holds the file, merged when it changed underneath.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { ALL_TABS, SUMMARY_TAB, type TabDef } from '../../../../../sheets-templates/index.js';
import { spreadsheetCell, type Cell } from '../../../core/cells.js';
import type { LogEntry } from '../../../core/feedback/log.js';
import { storableRecord } from '../../../core/storable-text.js';
import { columnKinds, type RowRecord, type Table } from '../../../core/table.js';
import { StoreError, type AppendOptions, type AppendResult, type Logger, type SendLedger, type StoreHealth } from '../../../ports.js';
import { durableWrite, type TempWriter } from '../../durable-write.js';
import { admitUnique, TabCatalog } from '../store-rules.js';
import { layOutTab } from '../xlsx-format.js';
import { Journal, syncFolder } from './journal.js';
import { JournalState, tabKey, type JournalRecord, type PendingRow, type Stamp } from './journal-state.js';
import { planMerge } from './merge.js';
import { withExcelCommentLayout } from './comment-parts.js';
import { acquireLock, LockedError, type HeldLock } from './owner-lock.js';
import { lockHolder, programLock } from './program-locks.js';
import { SheetXml } from './sheet-xml.js';
import { keyedValues, rowKey, TabModel } from './tab-model.js';
import {
  partEntry,
  partText,
  readParts,
  sheetImagePart,
  withSaveMark,
  writeParts,
  zipParts,
  type Part,
  type WorkbookParts,
} from './workbook-file.js';
import { dateStyles, readGrids } from './workbook-values.js';

export interface LocalWorkbookOptions {
  readonly tabs?: readonly TabDef[];
  /** At most one save this often (ms); 0 saves as soon as the file is free. */
  readonly saveIntervalMs?: number;
  readonly logger?: Logger;
  /** Injected by tests to simulate a crash while the new file is written. */
  readonly writeTemp?: TempWriter;
  /** Draws the Summary chart that replaces the Summary's picture on each save of a new Summary (default: summaryChartPng). */
  readonly summaryChart?: (rows: readonly RowRecord[]) => Promise<Uint8Array>;
}

/** Loaded on the first Summary save: a process that never writes the Summary never loads Chart.js or Skia. */
const drawSummaryChart = async (rows: readonly RowRecord[]): Promise<Uint8Array> =>
  (await import('../../chart/summary-chart-png.js')).summaryChartPng(rows);

/** For each cell style of a styles part, whether it shows a date; parts copied unchanged between saves keep their answer. */
const dateStylesOf = new WeakMap<Part, Promise<boolean[]>>();

/** The file as the function last read or wrote it. */
interface FileState {
  readonly parts: WorkbookParts;
  readonly stamp: Stamp;
  readonly tabs: Map<string, TabModel>;
  /** Worksheet parts taken apart, once each, for the saves that change them. */
  readonly xml: Map<string, SheetXml>;
}

const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function statOf(file: string): Promise<Stamp | undefined> {
  try {
    const info = await fs.stat(file);
    return { mtimeMs: info.mtimeMs, size: info.size, ino: info.ino };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

const sameStamp = (a: Stamp | undefined, b: Stamp | undefined) =>
  a !== undefined && b !== undefined && a.mtimeMs === b.mtimeMs && a.size === b.size && a.ino === b.ino;

/** The journal beside a workbook; its owner lock says which process writes both. */
export function journalFileOf(workbook: string): string {
  return workbook.replace(/\.xlsx$/i, '') + '.journal.jsonl';
}

export class LocalWorkbook implements SendLedger {
  readonly journalFile: string;
  readonly backupFile: string;
  private readonly catalog: TabCatalog;
  private readonly defs: readonly TabDef[];
  private readonly saveIntervalMs: number;
  private readonly logger: Logger;
  private readonly writeTemp: TempWriter;
  private readonly summaryChart: (rows: readonly RowRecord[]) => Promise<Uint8Array>;
  private journal: Journal<JournalRecord> | undefined;
  /**
   * `reader`: this process only reads; it sees the file plus the journal another process writes, and writes
   * nothing. It becomes the `owner` (takes the lock, writes the journal, saves, merges) with its first write.
   */
  private mode: 'none' | 'reader' | 'owner' = 'none';
  private lock: HeldLock | undefined;
  private readerJournal: { size: number; mtimeMs: number } | undefined;
  private state = new JournalState();
  private current: FileState | undefined;
  private loading: Promise<FileState> | undefined;
  /** Derived tabs replaced since the last save, with the rows to write. */
  private replaced = new Map<string, Cell[][]>();
  private exclusive: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private lastSaveAt = 0;
  private condition: StoreHealth['workbook'] = 'ok';
  private conditionDetail = '';
  private tempCounter = 0;
  /** The stamp of a file that could not be read: not read again until it changes. */
  private unreadable: Stamp | undefined;

  constructor(
    readonly file: string,
    options: LocalWorkbookOptions = {},
  ) {
    this.defs = options.tabs ?? ALL_TABS;
    this.catalog = new TabCatalog(this.defs);
    this.saveIntervalMs = options.saveIntervalMs ?? 2000;
    this.logger = options.logger ?? silent;
    this.writeTemp = options.writeTemp ?? durableWrite;
    this.summaryChart = options.summaryChart ?? drawSummaryChart;
    this.journalFile = journalFileOf(file);
    this.backupFile = `${file}.bak`;
  }

  // ── SheetStore ──────────────────────────────────────────────────────────────────────────────────────

  async read(names: readonly string[]): Promise<ReadonlyMap<string, Table>> {
    const file = await this.fresh(false);
    const result = new Map<string, Table>();
    for (const name of names) {
      const tab = this.tab(file, name);
      if (tab.problem) throw tab.problem;
      result.set(name, { tab: name, rows: [...tab.rows] });
    }
    return result;
  }

  async append(name: string, records: readonly RowRecord[], options: AppendOptions = {}): Promise<AppendResult> {
    const file = await this.fresh(true);
    const tab = this.tab(file, name);
    tab.index();
    const clean = records.map(storableRecord);
    const present = options.uniqueBy === undefined ? undefined : tab.uniqueValues(options.uniqueBy);
    const { write, skipped } = admitUnique(clean, options.uniqueBy, present);
    if (write.length === 0) return { appended: 0, skipped };
    const added = write.map((row) => {
      const key = rowKey(name, row);
      const pending: PendingRow = { seq: ++this.state.seq, tab: name, key, row };
      this.state.pending.set(tabKey(name, key), pending);
      return { pending, sheetRow: tab.push(row, key) };
    });
    try {
      await this.journalled().append(added.map(({ pending }) => ({ t: 'append', ...pending })));
    } catch (error) {
      for (const { pending, sheetRow } of added) {
        this.state.pending.delete(tabKey(name, pending.key));
        tab.remove(sheetRow);
      }
      throw new StoreError('WRITE_FAILED', `Could not record the entry in ${path.basename(this.journalFile)}: ${(error as Error).message}`);
    }
    this.scheduleSave();
    return { appended: write.length, skipped };
  }

  async replace(tables: ReadonlyMap<string, readonly RowRecord[]>): Promise<void> {
    const file = await this.fresh(true);
    // Check every tab before changing any, so a bad header leaves the workbook as it was.
    const targets = [...tables].map(([name, records]) => {
      this.catalog.replaceable(name);
      const tab = this.tab(file, name);
      return { name, tab, cells: records.map((record) => tab.cells(storableRecord(record))) };
    });
    for (const { name, tab, cells } of targets) {
      tab.replaceRows(cells);
      this.replaced.set(name, cells);
    }
    this.scheduleSave();
  }

  // ── SendLedger ──────────────────────────────────────────────────────────────────────────────────────

  async entries(): Promise<ReadonlyMap<string, LogEntry>> {
    await this.fresh(false);
    return new Map(this.state.sends);
  }

  async record(entries: readonly LogEntry[]): Promise<void> {
    await this.fresh(true);
    const changed = entries.filter((entry) => JSON.stringify(this.state.sends.get(entry.key)) !== JSON.stringify(entry));
    if (changed.length === 0) return;
    await this.journalled().append(changed.map((entry) => ({ t: 'send', entry })));
    for (const entry of changed) this.state.sends.set(entry.key, entry);
  }

  // ── Saving ──────────────────────────────────────────────────────────────────────────────────────────

  /**
   * How the file stands now: it is looked at first (loaded on first use, then a stat while unchanged), so the
   * answer is current; a tab whose header row is broken makes it unreadable, and a program's lock file beside it
   * says it is open elsewhere even before a save has had to wait.
   */
  async health(): Promise<StoreHealth> {
    const answer = (workbook: StoreHealth['workbook'], detail: string): StoreHealth => ({
      workbook,
      pending: this.state.pending.size,
      ...(detail ? { detail } : {}),
    });
    let file: FileState | undefined = this.current;
    try {
      // Read when nothing was yet (is the file there, is it a workbook?) and when the file changed; a process that
      // only reads does not read it again for each new line of the owner's journal, as its reads of tabs do.
      if (!file || this.mode !== 'reader' || !sameStamp(await statOf(this.file), file.stamp)) file = await this.fresh(false);
    } catch (error) {
      return answer('unreadable', error instanceof Error ? error.message : String(error));
    }
    if (this.condition !== 'ok') return answer(this.condition, this.conditionDetail);
    const broken = this.defs.map((def) => file.tabs.get(def.name)?.problem).find((problem) => problem !== undefined);
    if (broken) return answer('unreadable', broken.message);
    const lock = await programLock(this.file);
    return lock ? answer('open-elsewhere', lockHolder(lock, this.file)) : answer('ok', '');
  }

  /**
   * At a server's start: when the journal holds entries (a crash, a kill, or a stop while a program held the file),
   * become the owner and load, so what the file lacks is saved in without waiting for the next request.
   */
  async resume(): Promise<void> {
    if (!(await statOf(this.journalFile))) return;
    await this.fresh(true);
  }

  /** Save now what waits (unless a program holds the file) and wait for it. */
  async settle(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.mode !== 'owner') return;
    await this.fresh(true);
    await this.save();
  }

  /** Stop saving and let go of the journal; what waits is saved first when the file is free. */
  async close(): Promise<void> {
    await this.settle().catch(() => undefined);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.journal?.close();
    await this.lock?.release();
    this.journal = undefined;
    this.lock = undefined;
    this.current = undefined;
    this.mode = 'none';
  }

  private dirty(): boolean {
    return this.state.pending.size > 0 || this.replaced.size > 0;
  }

  private scheduleSave(delayMs?: number): void {
    if (this.timer || !this.dirty()) return;
    const wait = delayMs ?? Math.max(0, this.lastSaveAt + this.saveIntervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.save().catch((error: unknown) =>
        this.logger.error('workbook save failed', { file: this.file, error: (error as Error).message }),
      );
    }, wait);
    this.timer.unref();
  }

  private async save(): Promise<void> {
    await this.serially(async () => {
      if (!this.dirty()) return;
      const lock = await programLock(this.file);
      if (lock) {
        if (this.condition !== 'open-elsewhere') {
          this.logger.warn('workbook open elsewhere; entries wait in the journal', {
            file: this.file,
            lock,
            pending: this.state.pending.size,
          });
        }
        this.setCondition('open-elsewhere', lockHolder(lock, this.file));
        this.scheduleSave(Math.max(500, this.saveIntervalMs));
        return;
      }
      for (let attempt = 0; attempt < 3; attempt += 1) {
        if (await this.saveOnce()) return;
      }
      this.scheduleSave(Math.max(500, this.saveIntervalMs));
    });
  }

  /** One save; false when the file changed meanwhile (it is then read and merged, and the save tried again). */
  private async saveOnce(): Promise<boolean> {
    const file = await this.catchUp();
    if (this.unreadable) {
      this.scheduleSave(Math.max(1000, this.saveIntervalMs));
      return true;
    }
    if (!this.dirty()) return true;
    const base = this.needsUpgrade(file) ? await this.upgraded(file) : file;
    const batch = { pending: [...this.state.pending.values()], replaced: new Map(this.replaced), through: this.state.seq };
    const version = this.state.version + 1;
    const changed = new Map<string, string | Uint8Array>(await withSaveMark(base.parts, this.state.mark(version)));
    const touched = new Set<string>();
    try {
      await this.layOutChanges(base, batch, changed, touched);
      const { bytes, parts } = await writeParts(base.parts, changed);
      const stamp = await this.replaceFile(bytes, file.stamp);
      if (!stamp) {
        for (const part of touched) base.xml.delete(part);
        return false;
      }
      await this.journalled().append([{ t: 'saved', version, through: batch.through, stamp }]);
      this.state.apply({ t: 'saved', version, through: batch.through, stamp });
      for (const [name, cells] of batch.replaced) if (this.replaced.get(name) === cells) this.replaced.delete(name);
      this.current = { ...base, parts, stamp };
      this.lastSaveAt = Date.now();
      this.setCondition('ok', '');
      await this.compactIfLarge();
      return true;
    } catch (error) {
      for (const part of touched) base.xml.delete(part);
      this.setCondition('save-failed', (error as Error).message);
      throw new StoreError('WRITE_FAILED', `Saving ${path.basename(this.file)} failed: ${(error as Error).message}`);
    }
  }

  /** Put the batch's rows into the worksheet parts they change, and a new Summary's chart into its picture. */
  private async layOutChanges(
    file: FileState,
    batch: { pending: readonly PendingRow[]; replaced: ReadonlyMap<string, Cell[][]> },
    changed: Map<string, string | Uint8Array>,
    touched: Set<string>,
  ): Promise<void> {
    const stored = await this.storedCells(file);
    const byTab = new Map<string, PendingRow[]>();
    for (const row of batch.pending) {
      const rows = byTab.get(row.tab) ?? [];
      rows.push(row);
      byTab.set(row.tab, rows);
    }
    for (const [name, rows] of byTab) {
      const tab = this.tab(file, name);
      const { part, xml } = await this.sheetXml(file, name);
      touched.add(part);
      xml.appendRows(
        xml.lastValueRow() + 1,
        rows.map((row) => stored(tab, xml, tab.cells(row.row))),
      );
      changed.set(part, xml.toString(tab.width));
    }
    for (const [name, cells] of batch.replaced) {
      const { part, xml } = await this.sheetXml(file, name);
      touched.add(part);
      const tab = this.tab(file, name);
      xml.replaceDataRows(cells.map((row) => stored(tab, xml, row)));
      changed.set(part, xml.toString(tab.width));
    }
    const summary = batch.replaced.get(SUMMARY_TAB.name);
    if (summary) await this.chartChange(file, summary, changed);
  }

  /**
   * How the file stores a row's cells: the ISO text of a date column as its date serial where the column's style
   * shows a date (provisioned workbooks), so the reader turns it back into the same text; a column without a date
   * style (a workbook from before) keeps the text, which reads back as it is. The model keeps the text either way.
   */
  private async storedCells(file: FileState): Promise<(tab: TabModel, xml: SheetXml, cells: readonly Cell[]) => Cell[]> {
    const styles = partEntry(file.parts, 'xl/styles.xml');
    let dates: Promise<boolean[]> | undefined = styles ? dateStylesOf.get(styles) : Promise.resolve([]);
    if (!dates && styles) {
      dates = partText(styles).then(dateStyles);
      dateStylesOf.set(styles, dates);
    }
    const shows = (await dates) ?? [];
    return (tab, xml, cells) => {
      const kinds = columnKinds(tab.def, tab.index());
      return cells.map((cell, i) => {
        const style = xml.columnStyles.get(i + 1);
        return kinds[i] === 'date' && style !== undefined && shows[style] === true ? spreadsheetCell(cell, 'date') : cell;
      });
    };
  }

  /**
   * The Summary's picture drawn anew from the rows being saved, so the chart is current with the table. A workbook
   * without the picture (made before it existed) gets none; a chart that cannot be drawn leaves the old picture and
   * never stops the save.
   */
  private async chartChange(
    file: FileState,
    cells: readonly (readonly Cell[])[],
    changed: Map<string, string | Uint8Array>,
  ): Promise<void> {
    const sheet = file.parts.sheetPaths.get(SUMMARY_TAB.name);
    const image = sheet === undefined ? undefined : await sheetImagePart(file.parts, sheet);
    // The part's name says its content type ([Content_Types].xml maps the extension): only a PNG is replaced by a PNG.
    if (image === undefined || !image.toLowerCase().endsWith('.png')) return;
    const index = this.tab(file, SUMMARY_TAB.name).index();
    try {
      changed.set(image, await this.summaryChart(cells.map((row) => keyedValues(index, row))));
    } catch (error) {
      this.logger.warn('the Summary chart could not be drawn; the workbook keeps the previous one', {
        file: this.file,
        error: (error as Error).message,
      });
    }
  }

  private async sheetXml(file: FileState, name: string): Promise<{ part: string; xml: SheetXml }> {
    const part = file.parts.sheetPaths.get(name);
    const entry = part === undefined ? undefined : partEntry(file.parts, part);
    if (part === undefined || entry === undefined) throw new StoreError('TAB_MISSING', `The workbook ${this.file} has no tab "${name}"`);
    let xml = file.xml.get(part);
    if (!xml) {
      xml = new SheetXml(await partText(entry));
      file.xml.set(part, xml);
    }
    return { part, xml };
  }

  /**
   * Write the new file beside the old, keep a copy as the last good one (.bak), and move it into place unless
   * the file changed since `expected`; undefined when it had (nothing is replaced then).
   */
  private async replaceFile(bytes: Uint8Array, expected: Stamp): Promise<Stamp | undefined> {
    const folder = path.dirname(this.file);
    this.tempCounter += 1;
    const temp = path.join(folder, `.${path.basename(this.file)}.${process.pid}.${this.tempCounter}.${randomBytes(3).toString('hex')}.tmp`);
    try {
      await this.writeTemp(temp, bytes);
      if (!sameStamp(await statOf(this.file), expected)) return undefined;
      const stamp = await statOf(temp);
      await fs.rename(temp, this.file);
      await syncFolder(folder);
      // The copy merges fall back on when the file was replaced while the function was not running.
      await durableWrite(`${temp}.bak`, bytes);
      await fs.rename(`${temp}.bak`, this.backupFile);
      return stamp;
    } finally {
      await fs.rm(temp, { force: true });
      await fs.rm(`${temp}.bak`, { force: true });
    }
  }

  private needsUpgrade(file: FileState): boolean {
    const names = new Set([...this.state.pending.values()].map((row) => row.tab).concat([...this.replaced.keys()]));
    if ([...names].some((name) => this.tab(file, name).needsLayout || !file.parts.sheetPaths.has(name))) return true;
    // A source tab of a later release (Sessions) is written by people only: it is added with the first save that writes anything.
    return names.size > 0 && this.defs.some((def) => def.role === 'source' && !file.parts.sheetPaths.has(def.name));
  }

  /** The file with every template tab it lacks added and empty derived tabs laid out anew (exceljs, once per release). */
  private async upgraded(file: FileState): Promise<FileState> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await zipParts(file.parts)) as unknown as ArrayBuffer);
    for (const def of this.defs) {
      const tab = file.tabs.get(def.name) ?? this.tab(file, def.name);
      if (!tab.needsLayout) continue;
      const existing = workbook.getWorksheet(def.name);
      const sheet = existing ?? workbook.addWorksheet(def.name);
      if (existing) existing.getRow(1).eachCell((cell) => (cell.value = null));
      await layOutTab(sheet, def);
    }
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const tabs = new Map<string, TabModel>();
    for (const [name, tab] of file.tabs) tabs.set(name, tab.needsLayout ? rebuilt(tab) : tab);
    return { parts: await readParts(bytes), stamp: file.stamp, tabs, xml: new Map() };
  }

  // ── Reading and merging ─────────────────────────────────────────────────────────────────────────────

  /**
   * The model, loaded on first use, read again when someone else saved the file since (and merged, by the
   * owner). A write makes this process the owner first.
   */
  private async fresh(forWrite: boolean): Promise<FileState> {
    if (forWrite && this.mode !== 'owner') await this.own();
    if (this.mode !== 'owner') {
      const view = await this.readerView();
      // This process became the owner while the view waited its turn: read as the owner.
      if (view) return view;
    }
    if (!this.current) return this.load();
    const stamp = await statOf(this.file);
    if (sameStamp(stamp, this.current.stamp)) return this.current;
    return this.serially(() => this.catchUp());
  }

  /** Take the lock and load as the owner; another live process holding it is an IN_USE error. */
  private own(): Promise<void> {
    return this.serially(async () => {
      if (this.mode === 'owner') return;
      try {
        this.lock = await acquireLock(this.journalFile);
      } catch (error) {
        if (error instanceof LockedError) throw new StoreError('IN_USE', error.message);
        // A lock directory caught mid-takeover (its owner just died) or a full disk: try again, not a 500.
        throw new StoreError(
          'UNAVAILABLE',
          `could not take the workbook's lock: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      this.mode = 'owner';
      this.current = undefined;
    });
  }

  /** What a process that does not write sees: the file, plus the rows the owner's journal holds and has not saved yet. */
  private readerView(): Promise<FileState | undefined> {
    return this.serially(async () => {
      if (this.mode === 'owner') return undefined;
      const journal = await fs.stat(this.journalFile).then(
        (info) => ({ size: info.size, mtimeMs: info.mtimeMs }),
        () => ({ size: 0, mtimeMs: 0 }),
      );
      const stamp = await statOf(this.file);
      const current = this.current;
      const sameJournal = this.readerJournal?.size === journal.size && this.readerJournal.mtimeMs === journal.mtimeMs;
      if (this.mode === 'reader' && current && sameStamp(stamp, current.stamp) && sameJournal) return current;
      const { records } = await Journal.read<JournalRecord>(this.journalFile);
      const state = JournalState.replay(records);
      const file = await this.readFile();
      for (const row of [...state.pending.values()].sort((a, b) => a.seq - b.seq)) {
        const tab = file.tabs.get(row.tab);
        if (tab && !tab.hasKey(row.key)) tab.push(row.row, row.key);
      }
      this.state = state;
      this.current = file;
      this.readerJournal = journal;
      this.mode = 'reader';
      return file;
    });
  }

  private load(): Promise<FileState> {
    this.loading ??= this.serially(async () => {
      const opened = await Journal.open<JournalRecord>(this.journalFile);
      this.journal = opened.journal;
      this.state = JournalState.replay(opened.records);
      const opening = this.state.opening();
      if (opening) await this.journal.append([opening]);
      if (opened.tornBytes > 0)
        this.logger.warn('journal ended in a torn record (a crash mid-write); it was never acknowledged', { bytes: opened.tornBytes });
      const file = await this.readFile();
      const reference = sameStamp(file.stamp, this.state.lastStamp) ? undefined : await this.backupModel();
      return this.adopt(file, reference);
    }).finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /** Inside `serially`: the file as it is now, merged with what the function holds when it changed. */
  private async catchUp(): Promise<FileState> {
    const current = this.current as FileState;
    const stamp = await statOf(this.file);
    if (sameStamp(stamp, current.stamp) || sameStamp(stamp, this.unreadable)) return current;
    let file: FileState;
    try {
      file = await this.readFile().catch(async (error: unknown) => {
        // A program that saves in place may be half way through: look again once it has had a moment.
        await new Promise((resolve) => setTimeout(resolve, 250));
        if (sameStamp(await statOf(this.file), stamp)) throw error;
        return this.readFile();
      });
    } catch (error) {
      // Keep serving from what was read last (entries go on into the journal); saves wait until the file can be
      // read again or is restored, so a broken file is never overwritten and what staff saved is not lost.
      this.unreadable = stamp;
      this.setCondition('unreadable', (error as Error).message);
      this.logger.error('workbook cannot be read; entries wait in the journal', { file: this.file, error: (error as Error).message });
      return current;
    }
    this.unreadable = undefined;
    return this.adopt(file, current.tabs);
  }

  private async readFile(): Promise<FileState> {
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new StoreError('NOT_FOUND', `Workbook not found at ${this.file}; run \`npm run cli -- provision\` to create it`);
      }
      throw error;
    }
    const stamp = (await statOf(this.file)) as Stamp;
    try {
      // Saves write from these parts, so a file openpyxl saved goes back out in a layout exceljs opens too.
      const parts = await withExcelCommentLayout(await readParts(bytes));
      const grids = await readGrids(parts);
      const tabs = new Map<string, TabModel>();
      for (const def of this.defs) tabs.set(def.name, new TabModel(def, grids.get(def.name)));
      return { parts, stamp, tabs, xml: new Map() };
    } catch (error) {
      const backup = (await statOf(this.backupFile))
        ? ` The function keeps the last good copy it saved as ${path.basename(this.backupFile)}: copy it over ${path.basename(this.file)} to go on from there.`
        : '';
      throw new StoreError(
        'UNREADABLE',
        `The workbook ${path.basename(this.file)} cannot be read as an .xlsx file (${(error as Error).message}).${backup}`,
      );
    }
  }

  /** Tabs of the last good copy, to restore rows from when the file was replaced while the function was not running. */
  private async backupModel(): Promise<ReadonlyMap<string, TabModel> | undefined> {
    try {
      const grids = await readGrids(await readParts(await fs.readFile(this.backupFile)));
      return new Map(this.defs.map((def) => [def.name, new TabModel(def, grids.get(def.name))]));
    } catch {
      return undefined;
    }
  }

  /**
   * Take `file` as the model: acknowledged rows it lacks go back in (unsaved ones always; saved ones when the file
   * started from an earlier save), rows staff deleted stay deleted, derived tabs replaced since the last save stay.
   */
  private async adopt(file: FileState, reference: ReadonlyMap<string, TabModel> | undefined): Promise<FileState> {
    const records: JournalRecord[] = [];
    const markVersion = this.state.versionOfMark(file.parts.saveMark);
    const present = (tab: string, key: string) => file.tabs.get(tab)?.hasKey(key) ?? false;
    // Unsaved rows already in the file: a save landed but its journal record did not (a crash in between).
    for (const row of [...this.state.pending.values()]) {
      if (!present(row.tab, row.key)) continue;
      const version = markVersion ?? this.state.version + 1;
      this.state.pending.delete(tabKey(row.tab, row.key));
      this.state.saved.set(tabKey(row.tab, row.key), { tab: row.tab, key: row.key, version });
      this.state.version = Math.max(this.state.version, version);
    }
    const changedUnderUs = reference !== undefined;
    const plan = changedUnderUs
      ? planMerge({ saved: this.state.saved.values(), present, base: markVersion })
      : { base: 0, restore: [], deleted: [] };
    for (const row of plan.deleted) records.push({ t: 'deleted', tab: row.tab, key: row.key });
    let lost = 0;
    for (const row of plan.restore) {
      const values = reference?.get(row.tab)?.rowWithKey(row.key);
      if (!values) {
        lost += 1;
        continue;
      }
      const pending: PendingRow = { seq: ++this.state.seq, tab: row.tab, key: row.key, row: values };
      records.push({ t: 'append', ...pending });
    }
    if (records.length > 0) await this.journalled().append(records);
    for (const record of records) this.state.apply(record);
    for (const row of [...this.state.pending.values()].sort((a, b) => a.seq - b.seq)) file.tabs.get(row.tab)?.push(row.row, row.key);
    for (const [name, cells] of this.replaced) file.tabs.get(name)?.replaceRows(cells);
    if (changedUnderUs) {
      this.logger.info('workbook changed by someone else; merged', {
        file: this.file,
        base: plan.base,
        restored: plan.restore.length - lost,
        deleted_by_staff: plan.deleted.length,
        ...(lost > 0 ? { not_restorable: lost } : {}),
      });
    }
    this.current = file;
    if (this.condition === 'unreadable') this.setCondition('ok', '');
    this.scheduleSave();
    return file;
  }

  // ── Plumbing ────────────────────────────────────────────────────────────────────────────────────────

  private tab(file: FileState, name: string): TabModel {
    const def = this.catalog.definition(name);
    let tab = file.tabs.get(name);
    if (!tab) {
      tab = new TabModel(def, undefined);
      file.tabs.set(name, tab);
    }
    return tab;
  }

  private journalled(): Journal<JournalRecord> {
    if (!this.journal) throw new StoreError('UNAVAILABLE', 'the workbook journal is closed');
    return this.journal;
  }

  private setCondition(condition: StoreHealth['workbook'], detail: string): void {
    this.condition = condition;
    this.conditionDetail = detail;
  }

  private async compactIfLarge(): Promise<void> {
    const journal = this.journalled();
    if (journal.size < 4 * 1024 * 1024) return;
    await journal.compact(this.state.snapshot());
  }

  /** Run `work` after every earlier load, merge and save: they never interleave. */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.exclusive.then(work, work);
    this.exclusive = run.catch(() => undefined);
    return run;
  }
}

/** A tab laid out anew by an upgrade keeps its rows (derived tabs only, which were empty or are rewritten). */
function rebuilt(tab: TabModel): TabModel {
  const fresh = new TabModel(tab.def, [tab.header]);
  fresh.rows = tab.rows;
  fresh.lastRow = tab.lastRow;
  return fresh;
}
