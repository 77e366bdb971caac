// Which process writes a workbook's journal and file: one at a time, held with proper-lockfile; a lock left by a dead process on this host is taken over at once.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';

export interface Owner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

export interface HeldLock {
  release(): Promise<void>;
}

export class LockedError extends Error {
  constructor(
    readonly file: string,
    readonly owner: Owner | undefined,
  ) {
    const who = owner ? ` (pid ${owner.pid} on ${owner.host}, since ${owner.since})` : '';
    super(
      `工作簿正由另一个程序写入${owner ? `（pid ${owner.pid}）` : ''}，同一时间只能有一个程序写入：请先停止它（如 npm start 启动的服务器）再运行本命令。 / ` +
        `${path.basename(file)} is in use by another process${who}: ` +
        'only one process at a time may write a workbook. Stop that process, or send the command to the running server.',
    );
    this.name = 'LockedError';
  }
}

const lockDir = (file: string) => `${file}.lock`;
const ownerFile = (file: string) => path.join(lockDir(file), 'owner.json');

async function readOwner(file: string): Promise<Owner | undefined> {
  try {
    return JSON.parse(await fs.readFile(ownerFile(file), 'utf8')) as Owner;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process that holds the lock on `file`, when one does. */
export async function lockOwner(file: string): Promise<Owner | undefined> {
  const locked = await lockfile.check(file, { realpath: false, lockfilePath: lockDir(file), stale: 10_000 }).catch(() => false);
  if (!locked) return undefined;
  const owner = await readOwner(file);
  return owner && owner.host === os.hostname() && !alive(owner.pid) ? undefined : owner;
}

/**
 * Take the lock on `file` (the journal) for this process, released when it exits. The lock is a folder beside
 * the file that proper-lockfile keeps fresh; one that stays unrefreshed for 10 s counts as abandoned.
 */
export async function acquireLock(file: string): Promise<HeldLock> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const options = { realpath: false, lockfilePath: lockDir(file), stale: 10_000, onCompromised: () => undefined };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(file, options);
  } catch (error) {
    // ENOTEMPTY: the lock is stale (its holder exited or was killed over 10 s ago) and proper-lockfile's rmdir
    // cannot remove it because the owner file is inside. Both cases are decided by the owner's pid below.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ELOCKED' && code !== 'ENOTEMPTY') throw error;
    const owner = await readOwner(file);
    // A process killed on this machine leaves its lock behind: its pid says it is gone, so waiting for staleness is needless.
    if (!owner || owner.host !== os.hostname() || alive(owner.pid)) throw new LockedError(file, owner);
    await fs.rm(lockDir(file), { recursive: true, force: true });
    try {
      release = await lockfile.lock(file, options);
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code === 'ELOCKED') throw new LockedError(file, await readOwner(file));
      throw again;
    }
  }
  const owner: Owner = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
  await fs.writeFile(ownerFile(file), JSON.stringify(owner));
  // proper-lockfile removes its folder with rmdir, which refuses a folder that still holds the owner file.
  return {
    release: () =>
      fs
        .rm(ownerFile(file), { force: true })
        .then(() => release())
        .catch(() => undefined),
  };
}
