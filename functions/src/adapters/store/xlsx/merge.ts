// When the workbook file changed under the function: which of its acknowledged rows a staff-saved file lacks because it is a stale copy, and which staff deleted.

/** A row the function appended and saved, with the number of the save that first wrote it into the file. */
export interface SavedRow {
  readonly tab: string;
  readonly key: string;
  readonly version: number;
}

export interface MergeInput {
  /** Every appended row the function has saved so far. */
  readonly saved: Iterable<SavedRow>;
  /** Whether the new file holds the row. */
  readonly present: (tab: string, key: string) => boolean;
  /** The save the new file started from, when the file says so (its save mark); undefined when it does not. */
  readonly base: number | undefined;
}

export interface MergePlan {
  /** The save the new file is taken to start from. */
  readonly base: number;
  /** Rows written after that save: the copy never had them, so they go back in. */
  readonly restore: readonly SavedRow[];
  /** Rows the copy had and no longer has: staff deleted them, and they stay deleted. */
  readonly deleted: readonly SavedRow[];
}

/**
 * The rule: a file saved by someone else started from one of the function's saves. Rows the function wrote
 * in that save or before and that the file no longer has were deleted by staff; rows written after it were
 * never in the copy, so they are restored. The file names its save in a custom document property the function
 * sets and spreadsheet programs keep; without it, the newest save of which the file holds a row stands in,
 * which can only err towards restoring (a row deleted together with every later one comes back).
 */
export function planMerge(input: MergeInput): MergePlan {
  const saved = [...input.saved];
  let base = input.base;
  if (base === undefined) {
    base = 0;
    for (const row of saved) if (row.version > base && input.present(row.tab, row.key)) base = row.version;
  }
  const restore: SavedRow[] = [];
  const deleted: SavedRow[] = [];
  for (const row of saved) {
    if (input.present(row.tab, row.key)) continue;
    if (row.version > base) restore.push(row);
    else deleted.push(row);
  }
  return { base, restore, deleted };
}
