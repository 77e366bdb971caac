// SheetStore on a local .xlsx workbook (exceljs): reads by header, group-commits writes, replaces the file atomically.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { ALL_TABS, NUMBER_FORMAT, type ColumnType, type TabDef } from '../../../../sheets-templates/index.js';
import { isBlank, spreadsheetCell, wallClockText, type Cell } from '../../core/cells.js';
import {
  columnKinds,
  gridToTable,
  HeaderError,
  headerWidth,
  indexHeaders,
  recordToCells,
  templateHeaderRow,
  type HeaderIndex,
  type SheetRow,
  type Table,
  type RowRecord,
} from '../../core/table.js';
import { type AppendOptions, type AppendResult, type SheetStore, type StoreHealth, StoreError } from '../../ports.js';
import { durableWrite, type TempWriter } from '../durable-write.js';
import { layOutTab, sheetValidations } from './xlsx-format.js';
import { admitUnique, TabCatalog, uniqueText } from './store-rules.js';

export interface XlsxStoreOptions {
  readonly tabs?: readonly TabDef[];
  readonly writeTemp?: TempWriter;
}

type ColumnKind = ColumnType['kind'];

interface Stamp {
  readonly mtimeMs: number;
  readonly size: number;
}

interface TabState {
  readonly index: HeaderIndex;
  readonly width: number;
  readonly rows: SheetRow[];
}

interface Loaded {
  readonly workbook: ExcelJS.Workbook;
  stamp: Stamp;
  readonly tabs: Map<string, TabState>;
}

interface Op {
  readonly apply: (loaded: Loaded) => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** Plain value of an exceljs cell: rich text and hyperlinks as text, formulas as their cached result. */
export function plainCell(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) {
    // Spreadsheet dates carry no zone: exceljs reads them as UTC wall time, so keep the wall time as text.
    return wallClockText(DateTime.fromJSDate(value));
  }
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : plainCell(value.text);
  if ('result' in value) return plainCell(value.result ?? null);
  if ('formula' in value || 'sharedFormula' in value) return null;
  if ('error' in value) return null;
  return null;
}

/** Merge per-cell validations that exceljs expanded on load back into column ranges, so each save stays cheap. */
function compactValidations(sheet: ExcelJS.Worksheet): void {
  const validations = sheetValidations(sheet);
  const model = validations.model;
  const entries = Object.entries(model).filter((entry): entry is [string, ExcelJS.DataValidation] => entry[1] !== undefined);
  if (entries.length < 64) return;
  const cells = entries
    .map(([address, validation]) => {
      const match = /^([A-Z]+)(\d+)$/.exec(address);
      return match ? { column: match[1] as string, row: Number(match[2]), key: JSON.stringify(validation), validation } : undefined;
    })
    .filter((cell) => cell !== undefined);
  if (cells.length !== entries.length) return;
  cells.sort((a, b) => (a.column === b.column ? a.row - b.row : a.column < b.column ? -1 : 1));
  const compacted: Record<string, ExcelJS.DataValidation> = {};
  let start = cells[0];
  let previous = start;
  const close = () => {
    if (start && previous)
      compacted[
        start.row === previous.row ? `${start.column}${start.row}` : `${start.column}${start.row}:${previous.column}${previous.row}`
      ] = start.validation;
  };
  for (const cell of cells.slice(1)) {
    if (previous && cell.column === previous.column && cell.row === previous.row + 1 && cell.key === previous.key) {
      previous = cell;
      continue;
    }
    close();
    start = cell;
    previous = cell;
  }
  close();
  validations.model = compacted;
}

function lastUsedRow(sheet: ExcelJS.Worksheet): number {
  let last = sheet.rowCount;
  while (last > 1 && !sheet.getRow(last).hasValues) last -= 1;
  return last;
}

export class XlsxSheetStore implements SheetStore {
  private readonly catalog: TabCatalog;
  private readonly writeTemp: TempWriter;
  private loaded: Loaded | undefined;
  private loading: Promise<Loaded> | undefined;
  private pending: Op[] = [];
  private flushing = false;
  private tempCounter = 0;

  constructor(
    readonly file: string,
    options: XlsxStoreOptions = {},
  ) {
    this.catalog = new TabCatalog(options.tabs ?? ALL_TABS);
    this.writeTemp = options.writeTemp ?? durableWrite;
  }

  async read(names: readonly string[]): Promise<ReadonlyMap<string, Table>> {
    const loaded = await this.current();
    const result = new Map<string, Table>();
    for (const name of names) {
      // A derived tab a newer release added is empty until its first write creates it: workbooks made before keep working.
      if (!loaded.workbook.getWorksheet(name) && this.definition(name).role === 'derived') result.set(name, { tab: name, rows: [] });
      else result.set(name, { tab: name, rows: [...this.tabState(loaded, name).rows] });
    }
    return result;
  }

  append(name: string, rows: readonly RowRecord[], options: AppendOptions = {}): Promise<AppendResult> {
    return this.enqueue((loaded) => {
      const state = this.tabState(loaded, name);
      const sheet = this.sheet(loaded, name);
      const present =
        options.uniqueBy === undefined ? undefined : new Set(state.rows.map((row) => uniqueText(row.values[options.uniqueBy ?? ''])));
      present?.delete('');
      const { write, skipped } = admitUnique(rows, options.uniqueBy, present);
      let next = lastUsedRow(sheet) + 1;
      const kinds = columnKinds(this.definition(name), state.index);
      for (const record of write) {
        const cells = recordToCells(state.index, state.width, record);
        writeCells(sheet.getRow(next), cells, kinds);
        state.rows.push({ rowNumber: next, values: keyedValues(state.index, cells) });
        next += 1;
      }
      const appended = write.length;
      return { appended, skipped } satisfies AppendResult;
    }) as Promise<AppendResult>;
  }

  replace(tables: ReadonlyMap<string, readonly RowRecord[]>): Promise<void> {
    return this.enqueue((loaded) => {
      // Check every tab before touching any, so a bad header leaves the workbook as it was.
      const targets = [...tables].map(([name, rows]) => {
        const tab = this.catalog.replaceable(name);
        if (!loaded.workbook.getWorksheet(name)) this.addMissingTab(loaded, tab);
        return { name, rows, state: this.tabState(loaded, name), sheet: this.sheet(loaded, name) };
      });
      for (const { name, rows, state, sheet } of targets) {
        const oldLast = lastUsedRow(sheet);
        const newRows: SheetRow[] = [];
        const kinds = columnKinds(this.definition(name), state.index);
        rows.forEach((record, i) => {
          const cells = recordToCells(state.index, state.width, record);
          writeCells(sheet.getRow(i + 2), cells, kinds, true);
          newRows.push({ rowNumber: i + 2, values: keyedValues(state.index, cells) });
        });
        for (let r = rows.length + 2; r <= oldLast; r += 1) {
          sheet.getRow(r).eachCell((cell) => {
            cell.value = null;
          });
        }
        loaded.tabs.set(name, { index: state.index, width: state.width, rows: newRows });
      }
    }) as Promise<void>;
  }

  /**
   * Whether the workbook can be served: it loads (a no-op while the file is unchanged) and every tab's
   * header row holds; then whether a spreadsheet program has it open (its lock file beside it).
   */
  async health(): Promise<StoreHealth> {
    try {
      const loaded = await this.current();
      for (const name of this.catalog.names()) {
        if (loaded.workbook.getWorksheet(name) || this.definition(name).role === 'source') this.tabState(loaded, name);
      }
    } catch (error) {
      return { status: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
    }
    const holder = await openedBy(this.file);
    return holder === undefined
      ? { status: 'ok' }
      : { status: 'open-elsewhere', reason: `${holder} has ${this.file} open (its lock file is there)` };
  }

  /** Wait for every queued write to reach the disk. */
  async settle(): Promise<void> {
    while (this.flushing || this.pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private definition(name: string): TabDef {
    return this.catalog.definition(name);
  }

  private sheet(loaded: Loaded, name: string): ExcelJS.Worksheet {
    const sheet = loaded.workbook.getWorksheet(name);
    if (!sheet)
      throw new StoreError('TAB_MISSING', `The workbook ${this.file} has no tab "${name}"; run \`npm run cli -- provision\` to add it`);
    return sheet;
  }

  private tabState(loaded: Loaded, name: string): TabState {
    const cached = loaded.tabs.get(name);
    if (cached) return cached;
    const tab = this.definition(name);
    const sheet = this.sheet(loaded, name);
    const grid: Cell[][] = [];
    const sheetValues = sheet.getSheetValues();
    for (let r = 1; r < sheetValues.length || r === 1; r += 1) {
      const values = sheetValues[r] as ExcelJS.CellValue[] | undefined;
      const cells: Cell[] = [];
      if (values) for (let c = 1; c < values.length; c += 1) cells.push(plainCell(values[c]));
      grid.push(cells);
    }
    if (tab.role === 'derived' && grid.slice(1).every((row) => row.every(isBlank)) && !headerFits(tab, grid[0] ?? [])) {
      // An empty derived tab laid out by an older release (new columns since): only functions write it, so its header is renewed.
      sheet.getRow(1).eachCell((cell) => {
        cell.value = null;
      });
      void layOutTab(sheet, tab).catch(() => undefined);
      grid.splice(0, grid.length, templateHeaderRow(tab));
    }
    const index = indexHeaders(tab, grid[0] ?? []);
    const table = gridToTable(tab, grid);
    const state: TabState = { index, width: headerWidth(grid[0] ?? []), rows: [...table.rows] };
    loaded.tabs.set(name, state);
    return state;
  }

  private addMissingTab(loaded: Loaded, tab: TabDef): void {
    const sheet = loaded.workbook.addWorksheet(tab.name);
    // Protection hashing is async in exceljs; the layout without it is still a valid tab.
    void layOutTab(sheet, tab).catch(() => undefined);
  }

  /** The workbook as it is on disk now: reloaded when someone else saved the file since we last did. */
  private async current(): Promise<Loaded> {
    const stamp = await this.stat();
    if (this.loaded && stamp.mtimeMs === this.loaded.stamp.mtimeMs && stamp.size === this.loaded.stamp.size) return this.loaded;
    if (!this.loading) {
      this.loading = this.load(stamp).finally(() => {
        this.loading = undefined;
      });
    }
    return this.loading;
  }

  private async stat(): Promise<Stamp> {
    try {
      const info = await fs.stat(this.file);
      return { mtimeMs: info.mtimeMs, size: info.size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new StoreError('NOT_FOUND', `Workbook not found at ${this.file}; run \`npm run cli -- provision\` to create it`);
      }
      throw error;
    }
  }

  private async load(stamp: Stamp): Promise<Loaded> {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load((await fs.readFile(this.file)) as unknown as ArrayBuffer);
    } catch (error) {
      throw new StoreError('UNREADABLE', `Workbook ${this.file} cannot be read as .xlsx: ${(error as Error).message}`);
    }
    workbook.eachSheet((sheet) => compactValidations(sheet));
    const loaded: Loaded = { workbook, stamp, tabs: new Map() };
    this.loaded = loaded;
    return loaded;
  }

  private enqueue(apply: (loaded: Loaded) => unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.push({ apply, resolve, reject });
      void this.drain();
    });
  }

  /** Group commit: every write queued while a save runs goes into the next save, one file write for all. */
  private async drain(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.pending.length > 0) await this.flush(this.pending.splice(0));
    } finally {
      this.flushing = false;
    }
  }

  private async flush(batch: readonly Op[]): Promise<void> {
    let loaded: Loaded;
    try {
      loaded = await this.current();
    } catch (error) {
      for (const op of batch) op.reject(error);
      return;
    }
    const outcomes = batch.map((op) => {
      try {
        return { op, ok: true as const, value: op.apply(loaded) };
      } catch (error) {
        return { op, ok: false as const, error };
      }
    });
    const applied = outcomes.filter((outcome) => outcome.ok);
    if (applied.length > 0) {
      try {
        await this.save(loaded);
      } catch (error) {
        // The in-memory copy now holds changes the disk does not: drop it and read the file again next time.
        this.loaded = undefined;
        for (const outcome of applied)
          outcome.op.reject(new StoreError('WRITE_FAILED', `Saving ${this.file} failed: ${(error as Error).message}`));
        for (const outcome of outcomes) if (!outcome.ok) outcome.op.reject(outcome.error);
        return;
      }
    }
    for (const outcome of outcomes) {
      if (outcome.ok) outcome.op.resolve(outcome.value);
      else outcome.op.reject(outcome.error);
    }
  }

  private async save(loaded: Loaded): Promise<void> {
    const data = new Uint8Array(await loaded.workbook.xlsx.writeBuffer());
    this.tempCounter += 1;
    const temp = path.join(
      path.dirname(this.file),
      `.${path.basename(this.file)}.${process.pid}.${this.tempCounter}.${randomBytes(3).toString('hex')}.tmp`,
    );
    try {
      await this.writeTemp(temp, data);
      await fs.rename(temp, this.file);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
    const info = await fs.stat(this.file);
    loaded.stamp = { mtimeMs: info.mtimeMs, size: info.size };
  }
}

/** The program whose lock file sits beside the workbook: LibreOffice's `.~lock.<name>#`, or Excel's and WPS's `~$<name>`. */
async function openedBy(file: string): Promise<string | undefined> {
  const dir = path.dirname(file);
  const name = path.basename(file);
  const locks: [string, string][] = [
    [`.~lock.${name}#`, 'LibreOffice'],
    [`~$${name}`, 'Excel or WPS'],
  ];
  for (const [lock, program] of locks) {
    const present = await fs.stat(path.join(dir, lock)).then(
      () => true,
      () => false,
    );
    if (present) return program;
  }
  return undefined;
}

function writeCells(row: ExcelJS.Row, cells: readonly Cell[], kinds: readonly (ColumnKind | undefined)[], clear = false): void {
  cells.forEach((cell, i) => {
    // Strings stay strings: exceljs writes a formula only for { formula } objects, so "=1+1" is text.
    // A date becomes a date serial in the column's date style (set here too for a column provisioned without one).
    const value = spreadsheetCell(cell, kinds[i]);
    if (value !== null) {
      const target = row.getCell(i + 1);
      target.value = value;
      if (value !== cell && !target.numFmt) target.numFmt = NUMBER_FORMAT.date;
    } else if (clear) row.getCell(i + 1).value = null;
  });
}

function keyedValues(index: HeaderIndex, cells: readonly Cell[]): Record<string, Cell> {
  const values: Record<string, Cell> = {};
  for (const [key, position] of index) values[key] = cells[position] ?? null;
  return values;
}

/** Whether a header row names every column of the template (in any order, with extra columns allowed). */
function headerFits(tab: TabDef, header: readonly Cell[]): boolean {
  try {
    indexHeaders(tab, header);
    return true;
  } catch (error) {
    if (error instanceof HeaderError) return false;
    throw error;
  }
}
