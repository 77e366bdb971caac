// SheetStore in memory, for tests: keeps real header rows so reads go through the same header checks.
import { ALL_TABS, type TabDef } from '../../../../sheets-templates/index.js';
import type { Cell } from '../../core/cells.js';
import { gridToTable, indexHeaders, recordToCells, templateHeaderRow, type Table, type RowRecord } from '../../core/table.js';
import { type AppendOptions, type AppendResult, type SheetStore, StoreError } from '../../ports.js';
import { admitUnique, TabCatalog, uniqueText } from './store-rules.js';

export interface StoreCall {
  readonly method: 'read' | 'append' | 'replace';
  readonly tabs: readonly string[];
  readonly rows?: number;
}

export class MemorySheetStore implements SheetStore {
  /** Every call made, so tests can assert how many round trips a job needs. */
  readonly calls: StoreCall[] = [];
  private readonly grids = new Map<string, Cell[][]>();
  private readonly catalog: TabCatalog;

  constructor(tabs: readonly TabDef[] = ALL_TABS) {
    this.catalog = new TabCatalog(tabs);
    for (const tab of tabs) this.grids.set(tab.name, [templateHeaderRow(tab)]);
  }

  /** Put raw cells in a tab, header row first, as a person editing the sheet would. */
  setGrid(name: string, grid: readonly (readonly Cell[])[]): void {
    this.grids.set(
      name,
      grid.map((row) => [...row]),
    );
  }

  grid(name: string): readonly (readonly Cell[])[] {
    return this.grids.get(name) ?? [];
  }

  read(names: readonly string[]): Promise<ReadonlyMap<string, Table>> {
    this.calls.push({ method: 'read', tabs: [...names] });
    try {
      return Promise.resolve(new Map(names.map((name) => [name, gridToTable(this.definition(name), this.gridOf(name))])));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  append(name: string, rows: readonly RowRecord[], options: AppendOptions = {}): Promise<AppendResult> {
    this.calls.push({ method: 'append', tabs: [name], rows: rows.length });
    try {
      const grid = this.gridOf(name);
      const header = grid[0] ?? [];
      const index = indexHeaders(this.definition(name), header);
      const unique = options.uniqueBy === undefined ? undefined : index.get(options.uniqueBy);
      const present = unique === undefined ? undefined : new Set(grid.slice(1).map((row) => uniqueText(row[unique])));
      present?.delete('');
      const { write, skipped } = admitUnique(rows, options.uniqueBy, present);
      for (const record of write) grid.push(recordToCells(index, header.length, record));
      const appended = write.length;
      return Promise.resolve({ appended, skipped });
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  replace(tables: ReadonlyMap<string, readonly RowRecord[]>): Promise<void> {
    this.calls.push({ method: 'replace', tabs: [...tables.keys()] });
    try {
      const next = [...tables].map(([name, rows]) => {
        const tab = this.catalog.replaceable(name);
        const header = this.gridOf(name)[0] ?? [];
        const index = indexHeaders(tab, header);
        const grid: Cell[][] = [header, ...rows.map((record) => recordToCells(index, header.length, record))];
        return [name, grid] as const;
      });
      for (const [name, grid] of next) this.grids.set(name, grid);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private definition(name: string): TabDef {
    return this.catalog.definition(name);
  }

  private gridOf(name: string): Cell[][] {
    const grid = this.grids.get(name);
    if (!grid) throw new StoreError('TAB_MISSING', `No tab "${name}"`);
    return grid;
  }
}
