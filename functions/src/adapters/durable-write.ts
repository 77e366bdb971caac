// Writes bytes to a file and flushes them to disk before returning, so a rename after it never exposes a partial file.
import { promises as fs } from 'node:fs';

/** Writes the bytes of a new file version to a temporary path, durably. Injected by tests to simulate crashes. */
export type TempWriter = (tempPath: string, data: Uint8Array) => Promise<void>;

export const durableWrite: TempWriter = async (tempPath, data) => {
  const handle = await fs.open(tempPath, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
};
