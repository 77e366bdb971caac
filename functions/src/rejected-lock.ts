// Rejected is appended to by submissions and rewritten whole by the recompute; in one process the two must not interleave.
import type { SheetStore } from './ports.js';

/**
 * Many holders share it, or one holds it alone. A recompute reads Rejected and later writes it back whole: a
 * rejected submission appended in between would be wiped by that write. So appends share the lock (they do not
 * need to wait for each other) and the recompute's read-to-write holds it alone; a waiting recompute goes
 * before appends that arrive after it, so a stream of rejections cannot hold it off.
 */
export class SharedExclusiveLock {
  private shared = 0;
  private exclusive: Promise<void> | undefined;
  private drained: (() => void) | undefined;

  async withShared<T>(work: () => Promise<T>): Promise<T> {
    while (this.exclusive) await this.exclusive;
    this.shared += 1;
    try {
      return await work();
    } finally {
      this.shared -= 1;
      if (this.shared === 0) this.drained?.();
    }
  }

  async withExclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.exclusive) await this.exclusive;
    let release = () => {};
    this.exclusive = new Promise<void>((resolve) => (release = resolve));
    try {
      if (this.shared > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      this.drained = undefined;
      return await work();
    } finally {
      this.exclusive = undefined;
      release();
    }
  }
}

const locks = new WeakMap<SheetStore, SharedExclusiveLock>();

/** The lock on the Rejected tab of this store, one per store object (one per instance in a deployment). */
export function rejectedTabLock(store: SheetStore): SharedExclusiveLock {
  let lock = locks.get(store);
  if (!lock) locks.set(store, (lock = new SharedExclusiveLock()));
  return lock;
}
