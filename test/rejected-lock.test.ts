// The lock between rejected submissions (shared) and the recompute's read-to-write of Rejected (alone).
import { describe, expect, it } from 'vitest';
import { SharedExclusiveLock } from '../functions/src/rejected-lock.js';

/** Work that records when it starts and ends, and ends when told. */
function step(log: string[], name: string) {
  let finish = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    work: async () => {
      log.push(`${name}+`);
      await done;
      log.push(`${name}-`);
    },
    finish,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('SharedExclusiveLock', () => {
  it('lets shared holders overlap, and an exclusive holder wait for them and then run alone, before shared ones that came later', async () => {
    const lock = new SharedExclusiveLock();
    const log: string[] = [];
    const [a, b, x, c] = [step(log, 'a'), step(log, 'b'), step(log, 'x'), step(log, 'c')];
    const runs = [lock.withShared(a.work), lock.withShared(b.work)];
    await settle();
    runs.push(lock.withExclusive(x.work));
    await settle();
    runs.push(lock.withShared(c.work));
    await settle();
    a.finish();
    b.finish();
    await settle();
    x.finish();
    await settle();
    c.finish();
    await Promise.all(runs);
    expect(log).toEqual(['a+', 'b+', 'a-', 'b-', 'x+', 'x-', 'c+', 'c-']);
  });

  it('runs exclusive holders one after the other and releases the lock when the work fails', async () => {
    const lock = new SharedExclusiveLock();
    const log: string[] = [];
    const failing = lock.withExclusive(() => {
      log.push('fail');
      return Promise.reject(new Error('store down'));
    });
    const next = lock.withExclusive(() => {
      log.push('next');
      return Promise.resolve(1);
    });
    await expect(failing).rejects.toThrow('store down');
    expect(await next).toBe(1);
    expect(await lock.withShared(() => Promise.resolve('shared'))).toBe('shared');
    expect(log).toEqual(['fail', 'next']);
  });
});
