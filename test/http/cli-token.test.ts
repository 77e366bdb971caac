// The CLI's token file: beside the workbook, owner-only, replaced whole, removed only by the server that wrote it.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/src/config.js';
import { cliTokenPath, newCliToken, readCliToken, removeCliToken, writeCliToken } from '../../functions/src/http/cli-token.js';

let dir: string;
let config: ReturnType<typeof loadConfig>;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-token-'));
  config = loadConfig({ WORKBOOK_PATH: 'data/training.xlsx' }, dir);
});

afterEach(() => fs.rm(dir, { recursive: true, force: true }));

describe('the CLI token', () => {
  it('lives in the data folder, beside the workbook', () => {
    expect(cliTokenPath(config)).toBe(path.join(dir, 'data', '.cli-token'));
  });

  it('is 256 random bits, new each time', () => {
    const tokens = new Set(Array.from({ length: 100 }, newCliToken));
    expect(tokens.size).toBe(100);
    for (const token of tokens) expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('is absent until a server writes it, then readable by its owner only, even under a permissive umask', async () => {
    expect(await readCliToken(config)).toBeUndefined();
    const umask = process.umask(0);
    try {
      await writeCliToken(config, 'first-token');
    } finally {
      process.umask(umask);
    }
    expect(await readCliToken(config)).toBe('first-token');
    expect((await fs.stat(cliTokenPath(config))).mode & 0o777).toBe(0o600);
  });

  it('is replaced whole by the next start, leaving no temporary file', async () => {
    await writeCliToken(config, 'first-token');
    await writeCliToken(config, 'second-token');
    expect(await readCliToken(config)).toBe('second-token');
    expect(await fs.readdir(path.join(dir, 'data'))).toEqual(['.cli-token']);
  });

  it('is removed at shutdown only by the server whose token it still is', async () => {
    await writeCliToken(config, 'newer-token');
    await removeCliToken(config, 'older-token');
    expect(await readCliToken(config)).toBe('newer-token');
    await removeCliToken(config, 'newer-token');
    expect(await readCliToken(config)).toBeUndefined();
  });
});
