// The running server's address beside the workbook: written at start, read by the CLI, removed at stop unless a newer server wrote its own.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readServerAddress, removeServerAddress, serverAddressPath, writeServerAddress } from '../../functions/src/http/server-address.js';

let config: { workbookPath: string };

beforeEach(async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'server-address-'));
  config = { workbookPath: path.join(dir, 'training.xlsx') };
});

afterEach(async () => {
  await fs.rm(path.dirname(config.workbookPath), { recursive: true, force: true });
});

describe('the server address file', () => {
  it('is absent until a server writes it, then read back as written', async () => {
    expect(await readServerAddress(config)).toBeUndefined();
    await writeServerAddress(config, 'http://127.0.0.1:8081');
    expect(await readServerAddress(config)).toBe('http://127.0.0.1:8081');
  });

  it('is not an address when it holds something else', async () => {
    await fs.writeFile(serverAddressPath(config), 'not a url\n');
    expect(await readServerAddress(config)).toBeUndefined();
  });

  it('is removed by the server that wrote it, and kept when a newer server has written its own', async () => {
    await writeServerAddress(config, 'http://127.0.0.1:8081');
    await writeServerAddress(config, 'http://127.0.0.1:8082');
    await removeServerAddress(config, 'http://127.0.0.1:8081');
    expect(await readServerAddress(config)).toBe('http://127.0.0.1:8082');
    await removeServerAddress(config, 'http://127.0.0.1:8082');
    expect(await readServerAddress(config)).toBeUndefined();
  });
});
