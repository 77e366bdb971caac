// What the Google store costs on a year's history, in bytes: the targets at 2,000 trainees, measured as the bench measures them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticTabs } from '../../../scripts/bench.js';
import { sheetsCosts, sheetsWorld, type SheetsCost, type SheetsOperation } from '../../../scripts/bench-sheets.js';

const KINDS = ['score', 'attendance', 'leave', 'evaluation', 'enrollment'] as const;

async function costsFor(trainees: number): Promise<Map<SheetsOperation, SheetsCost>> {
  const world = await sheetsWorld(trainees, syntheticTabs);
  try {
    return await sheetsCosts(world);
  } finally {
    await world.fake.close();
  }
}

describe('a year of history on the Sheets fake, warm instances', () => {
  let small: Map<SheetsOperation, SheetsCost>;
  let large: Map<SheetsOperation, SheetsCost>;

  beforeAll(async () => {
    small = await costsFor(500);
    large = await costsFor(2_000);
  }, 240_000);

  afterAll(() => {
    console.log(
      'sheets costs at 2,000 trainees',
      JSON.stringify(Object.fromEntries([...large].map(([name, cost]) => [name, { ...cost, ms: Math.round(cost.ms) }]))),
    );
  });

  it.each(KINDS)('a %s submission is one read and one write, reads at most 0.5 MB and at most 1.5× the 500-trainee figure', (kind) => {
    const cost = large.get(kind) as SheetsCost;
    expect({ reads: cost.reads, writes: cost.writes }).toEqual({ reads: 1, writes: 1 });
    expect(cost.bytesRead).toBeLessThanOrEqual(500_000);
    expect(cost.bytesRead).toBeLessThanOrEqual(1.5 * (small.get(kind) as SheetsCost).bytesRead);
    expect(cost.bytesWritten).toBeLessThan(2_000);
  });

  it('a recompute after one changed score writes at most 100 KB, in one call', () => {
    const cost = large.get('recompute-one-change') as SheetsCost;
    expect(cost.writes).toBe(1);
    expect(cost.bytesWritten).toBeGreaterThan(0);
    expect(cost.bytesWritten).toBeLessThanOrEqual(100_000);
  });

  it('a recompute that changes nothing makes no write call at all', () => {
    const cost = large.get('recompute-no-change') as SheetsCost;
    expect({ writes: cost.writes, bytesWritten: cost.bytesWritten }).toEqual({ writes: 0, bytesWritten: 0 });
  });
});
