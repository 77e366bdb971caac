// The rules every SheetStore keeps alike: which tabs exist, which may be replaced, and which appended rows uniqueBy skips.
import { ALL_TABS, type TabDef } from '../../../../sheets-templates/index.js';
import { isBlank, type Cell } from '../../core/cells.js';
import type { RowRecord } from '../../core/table.js';
import { StoreError } from '../../ports.js';

/** The tab definitions a store serves, by name. */
export class TabCatalog {
  private readonly tabs: ReadonlyMap<string, TabDef>;

  constructor(tabs: readonly TabDef[] = ALL_TABS) {
    this.tabs = new Map(tabs.map((tab) => [tab.name, tab]));
  }

  names(): IterableIterator<string> {
    return this.tabs.keys();
  }

  /** The template of a tab; a name no template defines is a programming error, reported as UNKNOWN_TAB. */
  definition(name: string): TabDef {
    const tab = this.tabs.get(name);
    if (!tab) throw new StoreError('UNKNOWN_TAB', `No template defines a tab named "${name}"`);
    return tab;
  }

  /** The template of a tab `replace` may rewrite whole: derived tabs only, since people and forms write the source tabs. */
  replaceable(name: string): TabDef {
    const tab = this.definition(name);
    if (tab.role !== 'derived') throw new StoreError('SOURCE_TAB', `Tab "${name}" is a source tab; only derived tabs are replaced`);
    return tab;
  }
}

/** A cell as uniqueBy compares it: trimmed text, '' for blank (a blank value is never a duplicate). */
export function uniqueText(value: Cell | undefined): string {
  return isBlank(value) ? '' : String(value).trim();
}

/**
 * The records an append writes, in order, and the unique values it skips because they are already present
 * (or appear earlier in the same call). Every written value is added to `present`, so appends that judge
 * against the same set one after another cannot both pass.
 */
export function admitUnique(
  records: readonly RowRecord[],
  uniqueBy: string | undefined,
  present: Set<string> | undefined,
): { readonly write: RowRecord[]; readonly skipped: string[] } {
  if (uniqueBy === undefined || present === undefined) return { write: [...records], skipped: [] };
  const write: RowRecord[] = [];
  const skipped: string[] = [];
  for (const record of records) {
    const id = uniqueText(record[uniqueBy]);
    if (id !== '' && present.has(id)) {
      skipped.push(id);
      continue;
    }
    if (id !== '') present.add(id);
    write.push(record);
  }
  return { write, skipped };
}
