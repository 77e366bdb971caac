// Group commit: a lone call runs at once, calls made meanwhile share the next batch, bursts are spaced, failures reach every caller.
import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../../functions/src/adapters/store/group-commit.js';

function recorder(spacingMs = 0, fail?: (items: readonly number[]) => boolean) {
  const batches: number[][] = [];
  const starts: number[] = [];
  const commit = new GroupCommit<number, number>(async (items) => {
    batches.push([...items]);
    starts.push(Date.now());
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (fail?.(items)) throw new Error('batch failed');
    return items.map((item) => item * 10);
  }, spacingMs);
  return { commit, batches, starts };
}

describe('GroupCommit', () => {
  it('runs a lone call at once and answers it', async () => {
    const { commit, batches } = recorder();
    expect(await commit.submit(1)).toBe(10);
    expect(batches).toEqual([[1]]);
  });

  it('gathers the calls made while one runs into one batch, answering each its own', async () => {
    const { commit, batches } = recorder();
    const answers = await Promise.all([1, 2, 3, 4].map((item) => commit.submit(item)));
    expect(answers).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('spaces the batches of a burst', async () => {
    const { commit, batches, starts } = recorder(60);
    const first = commit.submit(1);
    const second = commit.submit(2);
    await first;
    const third = commit.submit(3);
    await Promise.all([second, third]);
    expect(batches).toEqual([[1], [2, 3]]);
    expect((starts[1] ?? 0) - (starts[0] ?? 0)).toBeGreaterThanOrEqual(55);
  });

  it('does not delay calls made one after another', async () => {
    const { commit, starts } = recorder(10_000);
    await commit.submit(1);
    await commit.submit(2);
    expect((starts[1] ?? 0) - (starts[0] ?? 0)).toBeLessThan(1_000);
  });

  it('fails every call of a failed batch, and runs the next batch', async () => {
    const { commit } = recorder(0, (items) => items.includes(2));
    const results = await Promise.allSettled([1, 2, 3].map((item) => commit.submit(item)));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(await commit.submit(4)).toBe(40);
  });
});
