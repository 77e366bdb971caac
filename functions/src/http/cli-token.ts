// The CLI's credential: a random token the local launcher writes into the data folder at each start, readable by its owner only.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';

/** Where the token lives: beside the workbook, so whoever may open the data folder may run the CLI. */
export function cliTokenPath(config: Pick<Config, 'workbookPath'>): string {
  return path.join(path.dirname(config.workbookPath), '.cli-token');
}

/** 256 random bits, new at each start of the launcher. */
export function newCliToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Writes the token with mode 0600 to a temporary file renamed over the old one: a reader sees the previous
 * token or this one, never half of one, and the file is never readable by others. The launcher writes it
 * only once it listens, so a second start that finds the port taken leaves the running server's token alone.
 */
export async function writeCliToken(config: Pick<Config, 'workbookPath'>, token: string): Promise<void> {
  const file = cliTokenPath(config);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(temp, `${token}\n`, { mode: 0o600, flag: 'wx' });
    // The umask cannot widen 0600, but a file system that ignores modes at creation still gets it set.
    await fs.chmod(temp, 0o600);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/** The token of the server running on this data folder, or undefined when none has written one. */
export async function readCliToken(config: Pick<Config, 'workbookPath'>): Promise<string | undefined> {
  try {
    const token = (await fs.readFile(cliTokenPath(config), 'utf8')).trim();
    return token === '' ? undefined : token;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Removes the token at shutdown, unless a newer server has written its own since. */
export async function removeCliToken(config: Pick<Config, 'workbookPath'>, token: string): Promise<void> {
  if ((await readCliToken(config)) === token) await fs.rm(cliTokenPath(config), { force: true });
}
