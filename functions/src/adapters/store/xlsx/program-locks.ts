// Whether a spreadsheet program has the workbook open: the lock files LibreOffice, WPS and Excel keep beside a file they hold.
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * The names a program gives the lock file of `training.xlsx`: LibreOffice and WPS on Linux `.~lock.training.xlsx#`;
 * Excel and WPS on Windows the owner file `~$training.xlsx`, which Excel shortens by the name's first one or two
 * characters for longer names (`~$aining.xlsx`); WPS on Linux also `.~training.xlsx`.
 */
export function lockFileNames(file: string): string[] {
  const name = path.basename(file);
  return [...new Set([`.~lock.${name}#`, `~$${name}`, `~$${name.slice(1)}`, `~$${name.slice(2)}`, `.~${name}`])];
}

/** The first lock file present beside the workbook, or undefined when no program holds it. */
export async function programLock(file: string): Promise<string | undefined> {
  const folder = path.dirname(file);
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch {
    return undefined;
  }
  const present = new Set(names);
  return lockFileNames(file).find((name) => present.has(name));
}

/** Which program a lock file is from, said with the file it holds, for `/healthz` and the logs. */
export function lockHolder(lock: string, file: string): string {
  const program = lock.startsWith('.~lock.') ? 'LibreOffice (or WPS)' : lock.startsWith('~$') ? 'Excel or WPS' : 'WPS';
  return `${program} has ${path.basename(file)} open (its lock file ${lock} is beside it)`;
}
