// SheetStore on a local .xlsx workbook: answers from the journal and the file as last read, saves in batches when no program holds the file.
import path from 'node:path';
import type { TabDef } from '../../../../sheets-templates/index.js';
import type { LogEntry } from '../../core/feedback/log.js';
import type { RowRecord, Table } from '../../core/table.js';
import type { AppendOptions, AppendResult, Logger, SendLedger, SheetStore, StoreHealth } from '../../ports.js';
import type { TempWriter } from '../durable-write.js';
import { LocalWorkbook } from './xlsx/local-workbook.js';

export interface XlsxStoreOptions {
  readonly tabs?: readonly TabDef[];
  /** At most one save this often (ms); default 2000. */
  readonly saveIntervalMs?: number;
  readonly logger?: Logger;
  readonly writeTemp?: TempWriter;
  /** Draws the Summary chart a save of a new Summary puts in the Summary's picture (default: summaryChartPng). */
  readonly summaryChart?: (rows: readonly RowRecord[]) => Promise<Uint8Array>;
}

/**
 * One LocalWorkbook per file in a process: every store on the same path shares its journal and model, so two
 * parts of one program never save over each other. The options of the first store on a path win.
 */
const workbooks = new Map<string, LocalWorkbook>();

export class XlsxSheetStore implements SheetStore, SendLedger {
  readonly workbook: LocalWorkbook;

  constructor(
    readonly file: string,
    options: XlsxStoreOptions = {},
  ) {
    const key = path.resolve(file);
    let workbook = workbooks.get(key);
    if (!workbook) {
      workbook = new LocalWorkbook(key, options);
      workbooks.set(key, workbook);
    }
    this.workbook = workbook;
  }

  /** Let go of every workbook this process holds (tests, and a CLI command before it exits). */
  static async closeAll(): Promise<void> {
    const open = [...workbooks.values()];
    workbooks.clear();
    await Promise.all(open.map((workbook) => workbook.close()));
  }

  read(tabs: readonly string[]): Promise<ReadonlyMap<string, Table>> {
    return this.workbook.read(tabs);
  }

  append(tab: string, rows: readonly RowRecord[], options?: AppendOptions): Promise<AppendResult> {
    return this.workbook.append(tab, rows, options);
  }

  replace(tabs: ReadonlyMap<string, readonly RowRecord[]>): Promise<void> {
    return this.workbook.replace(tabs);
  }

  health(): Promise<StoreHealth> {
    return this.workbook.health();
  }

  entries(): Promise<ReadonlyMap<string, LogEntry>> {
    return this.workbook.entries();
  }

  record(entries: readonly LogEntry[]): Promise<void> {
    return this.workbook.record(entries);
  }

  resume(): Promise<void> {
    return this.workbook.resume();
  }

  /** Save what waits now (unless a program holds the file) and wait for it. */
  settle(): Promise<void> {
    return this.workbook.settle();
  }

  flush(): Promise<void> {
    return this.workbook.settle();
  }

  /** Save what waits, then close this file's journal; a later store on the path opens it again. */
  async close(): Promise<void> {
    const key = path.resolve(this.file);
    if (workbooks.get(key) === this.workbook) workbooks.delete(key);
    await this.workbook.close();
  }
}
