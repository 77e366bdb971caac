// A key kept in the data folder: made once, owner-only, the same for every caller, and refused for certificates when too short.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { certificateSecret } from '../../functions/src/adapters/certificates/secret.js';
import { keptKey } from '../../functions/src/adapters/kept-key.js';

let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kept-key-'));
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('keptKey', () => {
  it('makes one 256-bit key, mode 0600, that callers racing at the first use all get', async () => {
    const file = path.join(dir, 'data', '.some-secret');
    const keys = await Promise.all(Array.from({ length: 8 }, () => keptKey(file)));
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[\w-]{43}$/);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect(await keptKey(file)).toBe(keys[0]);
    expect((await fs.readdir(path.dirname(file))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('is undefined for a file that is there but empty', async () => {
    await fs.writeFile(path.join(dir, '.empty'), '\n');
    expect(await keptKey(path.join(dir, '.empty'))).toBeUndefined();
  });
});

describe('certificateSecret, locally', () => {
  const config = () => ({
    certificates: { dir, dirName: 'certificates' },
    onGoogle: false,
    store: 'xlsx' as const,
    workbookPath: path.join(dir, 'training.xlsx'),
  });

  it('keeps its key in .certificate-secret beside the workbook', async () => {
    const key = await certificateSecret(config())();
    expect((await fs.readFile(path.join(dir, '.certificate-secret'), 'utf8')).trim()).toBe(key);
  });

  it.each([
    { name: 'empty', text: '\n' },
    { name: 'too short', text: 'short\n' },
  ])('refuses a key file that is $name rather than sign with it', async ({ text }) => {
    await fs.writeFile(path.join(dir, '.certificate-secret'), text);
    await expect(certificateSecret(config())()).rejects.toThrow(/\.certificate-secret holds no key/);
  });
});
