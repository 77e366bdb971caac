// Append-only tabs read by their tail: rows added anywhere are seen at once, rows deleted above are noticed, in-place edits after the trust period.
import { afterEach, describe, expect, it } from 'vitest';
import { SCORES_TAB } from '../../../sheets-templates/index.js';
import type { SheetsFake } from '../../fakes/sheets-fake.js';
import { fakeWorld, sheetsStore } from '../../fixtures/sheets-world.js';
import { gridOf, scoreRow, worldStore } from '../../fixtures/world.js';

const fakes: SheetsFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

async function scoresWorld(): Promise<SheetsFake> {
  const memory = worldStore();
  memory.setGrid(SCORES_TAB.name, gridOf(SCORES_TAB, [scoreRow('s1'), scoreRow('s2'), scoreRow('s3')]));
  const fake = await fakeWorld(memory);
  fakes.push(fake);
  return fake;
}

const ids = async (store: ReturnType<typeof sheetsStore>) =>
  ((await store.read(['Scores'], { appendOnly: ['Scores'] })).get('Scores')?.rows ?? []).map((row) => [
    row.rowNumber,
    row.values['submission_id'],
  ]);

/** One row as a person or another instance types it, at a 0-based row index. */
const typed = (id: string) => gridOf(SCORES_TAB, [scoreRow(id)]).slice(1);

describe('a tab read append-only', () => {
  it('reads only the rows below the last one known, and sees rows another instance or a person appended', async () => {
    const fake = await scoresWorld();
    const store = sheetsStore(fake);
    await ids(store);
    fake.write('Scores', 4, typed('s4'));
    fake.resetCalls();
    expect(await ids(store)).toEqual([
      [2, 's1'],
      [3, 's2'],
      [4, 's3'],
      [5, 's4'],
    ]);
    expect(fake.reads()).toBe(1);
    const ranges = fake.calls[0]?.query.getAll('ranges') ?? [];
    expect(ranges.filter((range) => range.startsWith("'Scores'"))).toEqual(["'Scores'!A1:H1", "'Scores'!A4:H"]);
  });

  it('notices rows deleted above the last one known, and reads the tab whole', async () => {
    const fake = await scoresWorld();
    const store = sheetsStore(fake);
    await ids(store);
    fake.sheet('Scores').deleteRows(1, 2);
    fake.resetCalls();
    expect(await ids(store)).toEqual([
      [2, 's2'],
      [3, 's3'],
    ]);
    expect(fake.reads()).toBe(2);
  });

  it('notices a header staff changed (columns moved), and reads the tab whole', async () => {
    const fake = await scoresWorld();
    const store = sheetsStore(fake);
    await ids(store);
    const grid = fake.values('Scores');
    fake.write('Scores', 0, [[...(grid[0] ?? [])].reverse()]);
    fake.write(
      'Scores',
      1,
      grid.slice(1).map((row) => [...row].reverse()),
    );
    expect((await ids(store)).map(([, id]) => id)).toEqual(['s1', 's2', 's3']);
  });

  it('sees a value staff corrected in place once the kept rows are older than the trust period', async () => {
    const fake = await scoresWorld();
    const trusting = sheetsStore(fake);
    const expiring = sheetsStore(fake, { tailTtlMs: 0 });
    await Promise.all([ids(trusting), ids(expiring)]);
    fake.write('Scores', 1, typed('s1-corrected'));
    // Within the trust period the kept value stands (the documented limit: no cheap signal of an in-place edit).
    expect((await ids(trusting))[0]).toEqual([2, 's1']);
    expect((await ids(expiring))[0]).toEqual([2, 's1-corrected']);
  });

  it('is read whole by a read that does not name it append-only', async () => {
    const fake = await scoresWorld();
    const store = sheetsStore(fake);
    await ids(store);
    fake.resetCalls();
    await store.read(['Scores']);
    expect(fake.calls[0]?.query.getAll('ranges')).toContain("'Scores'");
  });
});
