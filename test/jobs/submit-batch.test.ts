// Entries judged as one batch: each against what is stored plus the entries before it, then one append per tab.
import { describe, expect, it } from 'vitest';
import { REJECTED_TAB, SCORES_TAB } from '../../sheets-templates/index.js';
import type { MemorySheetStore } from '../../functions/src/adapters/store/memory-store.js';
import { submitBatch } from '../../functions/src/jobs/submit-batch.js';
import { submit } from '../../functions/src/jobs/submit.js';
import { clock, SCORE_ANSWERS, submission, worldStore } from '../fixtures/world.js';

const score = (id: string, answers: Record<string, unknown> = {}) => ({ ...submission('score', { ...SCORE_ANSWERS, ...answers }), id });
/** The submission ids in a tab, in row order, found by header. */
const idsIn = (store: MemorySheetStore, tab: string) => {
  const column = (store.grid(tab)[0] ?? []).findIndex((header) => String(header).includes('Submission ID'));
  return store
    .grid(tab)
    .slice(1)
    .map((row) => row[column]);
};

describe('a batch of score entries on the standard world', () => {
  const cases: {
    name: string;
    stored?: Record<string, unknown>[];
    batch: Record<string, unknown>[];
    statuses: string[];
    scores: string[];
    rejected: string[];
  }[] = [
    {
      name: 'attempt 1 then attempt 2 of one trainee: both accepted',
      batch: [score('b-1'), score('b-2', { attempt: 2, score: 90 })],
      statuses: ['accepted', 'accepted'],
      scores: ['b-1', 'b-2'],
      rejected: [],
    },
    {
      name: 'attempt 2 before attempt 1: judged in the batch order, so attempt 2 is refused',
      batch: [score('b-2', { attempt: 2 }), score('b-1')],
      statuses: ['rejected', 'accepted'],
      scores: ['b-1'],
      rejected: ['b-2'],
    },
    {
      name: 'attempt 2 after a refused attempt 1: both refused',
      batch: [score('b-1', { score: 150 }), score('b-2', { attempt: 2 })],
      statuses: ['rejected', 'rejected'],
      scores: [],
      rejected: ['b-1', 'b-2'],
    },
    {
      name: 'attempt 2 after an attempt 1 already stored',
      stored: [score('s-1')],
      batch: [score('b-2', { attempt: 2 }), score('b-3', { attempt: 3 })],
      statuses: ['accepted', 'accepted'],
      scores: ['s-1', 'b-2', 'b-3'],
      rejected: [],
    },
    {
      name: 'the same id twice in the batch: one row',
      batch: [score('b-1'), score('b-1')],
      statuses: ['accepted', 'duplicate'],
      scores: ['b-1'],
      rejected: [],
    },
    {
      name: 'an id already stored: a duplicate',
      stored: [score('s-1')],
      batch: [score('s-1')],
      statuses: ['duplicate'],
      scores: ['s-1'],
      rejected: [],
    },
    {
      name: 'the same attempt under two ids: the second refused as already recorded',
      batch: [score('b-1'), score('b-2', { score: 70 })],
      statuses: ['accepted', 'rejected'],
      scores: ['b-1'],
      rejected: ['b-2'],
    },
    {
      name: 'the same refused entry twice: kept once in Rejected',
      batch: [score('b-1', { score: 150 }), score('b-1', { score: 150 })],
      statuses: ['rejected', 'rejected'],
      scores: [],
      rejected: ['b-1'],
    },
  ];

  it.each(cases)('$name', async ({ stored = [], batch, statuses, scores, rejected }) => {
    const store = worldStore();
    for (const body of stored) expect((await submit(body, store, clock)).status).toBe('accepted');
    const before = store.calls.length;
    const results = await submitBatch(batch, store, clock, { receivedAt: clock.now() });
    expect(results.map((result) => result.status)).toEqual(statuses);
    expect(idsIn(store, SCORES_TAB.name)).toEqual(scores);
    expect(idsIn(store, REJECTED_TAB.name)).toEqual(rejected);
    // One read, then at most one append to Scores and one to Rejected.
    const made = store.calls.slice(before);
    expect(made.filter((call) => call.method === 'read')).toHaveLength(1);
    expect(made.filter((call) => call.method === 'append').map((call) => call.tabs[0])).toEqual([
      ...(statuses.includes('accepted') ? [SCORES_TAB.name] : []),
      ...(rejected.length > 0 ? [REJECTED_TAB.name] : []),
    ]);
  });

  it('an entry another delivery stored between the read and the append is answered duplicate, not stored twice', async () => {
    const store = worldStore();
    const read = store.read.bind(store);
    // The racing delivery lands right after the batch's read.
    store.read = async (...args) => {
      const tables = await read(...args);
      store.read = read;
      await submit(score('b-1'), store, clock);
      return tables;
    };
    const results = await submitBatch([score('b-1'), score('b-2', { attempt: 2 })], store, clock, { receivedAt: clock.now() });
    expect(results.map((result) => result.status)).toEqual(['duplicate', 'accepted']);
    expect(idsIn(store, SCORES_TAB.name)).toEqual(['b-1', 'b-2']);
  });

  it('no entries: no call at all', async () => {
    const store = worldStore();
    expect(await submitBatch([], store, clock, { receivedAt: clock.now() })).toEqual([]);
    expect(store.calls).toEqual([]);
  });
});
