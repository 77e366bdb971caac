// The merge rule: rows a stale copy never had come back; rows staff deleted from a copy that had them stay deleted.
import { describe, expect, it } from 'vitest';
import { planMerge, type SavedRow } from '../../../../functions/src/adapters/store/xlsx/merge.js';

const saved: SavedRow[] = [
  { tab: 'Scores', key: 'a', version: 1 },
  { tab: 'Scores', key: 'b', version: 2 },
  { tab: 'Scores', key: 'c', version: 3 },
  { tab: 'Rejected', key: 'r', version: 3 },
  { tab: 'Scores', key: 'd', version: 4 },
];

describe('planMerge', () => {
  it.each([
    {
      name: 'a copy of save 2 saved over later saves: rows of saves 3 and 4 come back',
      present: ['a', 'b'],
      base: 2,
      restore: ['c', 'r', 'd'],
      deleted: [],
    },
    {
      name: 'a copy of save 4 with one row deleted by staff: it stays deleted',
      present: ['a', 'c', 'r', 'd'],
      base: 4,
      restore: [],
      deleted: ['b'],
    },
    {
      name: 'a stale copy of save 2 with a row deleted: that deletion holds, later rows come back',
      present: ['b'],
      base: 2,
      restore: ['c', 'r', 'd'],
      deleted: ['a'],
    },
    {
      name: 'no save mark: the newest save with a row in the file stands in for the base',
      present: ['a', 'c'],
      base: undefined,
      restore: ['d'],
      deleted: ['b', 'r'],
    },
    {
      name: 'no save mark and the newest rows deleted: they come back (the rule errs towards keeping)',
      present: ['a', 'b', 'c', 'r'],
      base: undefined,
      restore: ['d'],
      deleted: [],
    },
    {
      name: 'a file with none of our rows and no mark: everything comes back',
      present: [],
      base: undefined,
      restore: ['a', 'b', 'c', 'r', 'd'],
      deleted: [],
    },
  ])('$name', ({ present, base, restore, deleted }) => {
    const plan = planMerge({ saved, present: (_tab, key) => present.includes(key), base });
    expect(plan.restore.map((row) => row.key)).toEqual(restore);
    expect(plan.deleted.map((row) => row.key)).toEqual(deleted);
  });
});
