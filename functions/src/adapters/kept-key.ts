// A random key made once in the data folder and kept across restarts (owner-only), for keys a local run must not forget.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * The key in `file`, made at first use with 256 random bits, mode 0600, linked into place only if absent, so two
 * processes starting at once agree on one key. Undefined when the file is there but empty.
 */
export async function keptKey(file: string): Promise<string | undefined> {
  const existing = await readKey(file);
  if (existing !== undefined) return existing;
  await fs.mkdir(path.dirname(file), { recursive: true });
  // Written whole to a file of its own, then linked in place: link fails if the key exists, so no one reads half a key.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(temp, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    await fs.chmod(temp, 0o600);
    await fs.link(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await fs.rm(temp, { force: true });
  }
  // Read back what is on disk: whichever process created the file, every process uses its key.
  return readKey(file);
}

async function readKey(file: string): Promise<string | undefined> {
  try {
    const text = (await fs.readFile(file, 'utf8')).trim();
    return text === '' ? undefined : text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
