// Coalescing of overlapping recomputes: one run at a time, one follow-up run for every request made meanwhile.
import { describe, expect, it } from 'vitest';
import type { RecomputeReport } from '../../functions/src/jobs/recompute.js';
import { RecomputeScheduler } from '../../functions/src/jobs/recompute-scheduler.js';

/** A run whose report says which run it was and whose end the test decides. */
function controllableRuns() {
  const finishers: ((ok: boolean) => void)[] = [];
  let started = 0;
  const run = () => {
    started += 1;
    const number = started;
    return new Promise<RecomputeReport>((resolve, reject) => {
      finishers.push((ok) => (ok ? resolve({ grades: number } as unknown as RecomputeReport) : reject(new Error(`run ${number} failed`))));
    });
  };
  return { run, started: () => started, finish: (i: number, ok = true) => finishers[i]?.(ok) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('with no run going', () => {
  it('starts a run at once', async () => {
    const runs = controllableRuns();
    const scheduler = new RecomputeScheduler(runs.run);
    const report = scheduler.request();
    expect(runs.started()).toBe(1);
    runs.finish(0);
    expect((await report).grades).toBe(1);
    await scheduler.idle();
  });
});

describe('with a run going', () => {
  it('serves every request made meanwhile with one run that starts after it', async () => {
    const runs = controllableRuns();
    const scheduler = new RecomputeScheduler(runs.run);
    const first = scheduler.request();
    const later = [scheduler.request(), scheduler.request(), scheduler.request()];
    expect(runs.started()).toBe(1);
    runs.finish(0);
    await first;
    await tick();
    expect(runs.started()).toBe(2);
    runs.finish(1);
    const reports = await Promise.all(later);
    expect(reports.map((report) => report.grades)).toEqual([2, 2, 2]);
    await scheduler.idle();
    expect(runs.started()).toBe(2);
  });

  it('still runs the follow-up when the current run fails', async () => {
    const runs = controllableRuns();
    const scheduler = new RecomputeScheduler(runs.run);
    const first = scheduler.request();
    const second = scheduler.request();
    runs.finish(0, false);
    await expect(first).rejects.toThrow('run 1 failed');
    await tick();
    runs.finish(1);
    expect((await second).grades).toBe(2);
  });

  it('queues a third run for a request made during the follow-up', async () => {
    const runs = controllableRuns();
    const scheduler = new RecomputeScheduler(runs.run);
    void scheduler.request();
    const second = scheduler.request();
    runs.finish(0);
    await tick();
    const third = scheduler.request();
    runs.finish(1);
    expect((await second).grades).toBe(2);
    await tick();
    runs.finish(2);
    expect((await third).grades).toBe(3);
    await scheduler.idle();
  });
});

describe('after submissions, in the background', () => {
  const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

  it('regrades a burst once it has passed: one run at once, one more when the interval is up, none per submission', async () => {
    let runs = 0;
    const scheduler = new RecomputeScheduler(
      () => {
        runs += 1;
        return Promise.resolve({ grades: runs } as unknown as RecomputeReport);
      },
      { onSubmit: 'background', logger: silent, backgroundIntervalMs: 150 },
    );
    await scheduler.afterSubmit('a');
    expect(runs).toBe(1);
    for (const id of ['b', 'c', 'd', 'e']) await scheduler.afterSubmit(id);
    await tick();
    expect(runs).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(runs).toBe(2);
  });

  it('starts a waiting run when told to go idle, so nothing is left ungraded', async () => {
    let runs = 0;
    const scheduler = new RecomputeScheduler(
      () => {
        runs += 1;
        return Promise.resolve({ grades: runs } as unknown as RecomputeReport);
      },
      { onSubmit: 'background', logger: silent, backgroundIntervalMs: 60_000 },
    );
    await scheduler.afterSubmit('a');
    await scheduler.afterSubmit('b');
    expect(runs).toBe(1);
    await scheduler.idle();
    expect(runs).toBe(2);
  });
});
