// The workbook's owner lock: one left behind by a process that is gone is taken over, however old it is.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLock } from '../../../../functions/src/adapters/store/xlsx/owner-lock.js';

let dir: string;

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** A pid no process has: the highest the kernel hands out is far below it. */
const GONE = 2 ** 22 + 12_345;

async function leftBehind(file: string, ageSeconds: number): Promise<void> {
  const lock = `${file}.lock`;
  await fs.mkdir(lock, { recursive: true });
  await fs.writeFile(path.join(lock, 'owner.json'), JSON.stringify({ pid: GONE, host: os.hostname(), since: '2026-11-01T00:00:00Z' }));
  const then = new Date(Date.now() - ageSeconds * 1000);
  await fs.utimes(lock, then, then);
}

describe('a lock left by a process that exited without removing it (its owner file inside)', () => {
  it.each([
    ['fresh (under the 10 s staleness)', 1],
    // proper-lockfile removes a stale lock with rmdir, which failed with ENOTEMPTY on the owner file.
    ['stale (over the 10 s staleness)', 60],
  ])('is taken over when %s', async (_name, age) => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'owner-lock-'));
    const file = path.join(dir, 'training.journal.jsonl');
    await leftBehind(file, age);
    const held = await acquireLock(file);
    const owner = JSON.parse(await fs.readFile(path.join(`${file}.lock`, 'owner.json'), 'utf8')) as { pid: number };
    expect(owner.pid).toBe(process.pid);
    await held.release();
  });
});
