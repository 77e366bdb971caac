// The key check-in links are signed with: CHECKIN_SECRET, or locally a random one made once in the data folder and kept.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CheckinConfig } from '../../config.js';

/**
 * The configured key, else the data folder's: made at first use with 256 random bits, mode 0600, linked into place
 * only if absent, so two processes starting at once agree on one key; kept across restarts, so printed sheets stay valid.
 * Undefined when there is neither (on Google without CHECKIN_SECRET).
 */
export async function checkinSecret(config: CheckinConfig): Promise<string | undefined> {
  if (config.secret !== undefined) return config.secret;
  if (config.secretFile === undefined) return undefined;
  const existing = await readSecret(config.secretFile);
  if (existing !== undefined) return existing;
  await fs.mkdir(path.dirname(config.secretFile), { recursive: true });
  // Written whole to a file of its own, then linked in place: link fails if the key exists, so no one reads half a key.
  const temp = `${config.secretFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(temp, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    await fs.chmod(temp, 0o600);
    await fs.link(temp, config.secretFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await fs.rm(temp, { force: true });
  }
  // Read back what is on disk: whichever process created the file, every process signs with its key.
  return readSecret(config.secretFile);
}

async function readSecret(file: string): Promise<string | undefined> {
  try {
    const text = (await fs.readFile(file, 'utf8')).trim();
    return text === '' ? undefined : text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
