// Where the local server on a data folder listens: written by the launcher once it listens, so the CLI reaches it on any PORT.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';

/** Beside the workbook and the CLI token: the CLI run on the same folder finds the server that owns it. */
export function serverAddressPath(config: Pick<Config, 'workbookPath'>): string {
  return path.join(path.dirname(config.workbookPath), '.server-address');
}

/** The address a process on this computer reaches the server at, e.g. http://127.0.0.1:8081. */
export async function writeServerAddress(config: Pick<Config, 'workbookPath'>, url: string): Promise<void> {
  const file = serverAddressPath(config);
  const temp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temp, `${url}\n`);
  await fs.rename(temp, file);
}

/** The running server's address, or undefined when no server has written one (or it was stopped). */
export async function readServerAddress(config: Pick<Config, 'workbookPath'>): Promise<string | undefined> {
  try {
    const url = (await fs.readFile(serverAddressPath(config), 'utf8')).trim();
    return /^https?:\/\/\S+$/.test(url) ? url : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Removed at shutdown, unless a newer server has written its own since. */
export async function removeServerAddress(config: Pick<Config, 'workbookPath'>, url: string): Promise<void> {
  if ((await readServerAddress(config)) === url) await fs.rm(serverAddressPath(config), { force: true });
}
