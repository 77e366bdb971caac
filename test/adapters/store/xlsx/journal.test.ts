// The journal: durable appends, group commit, a torn last line dropped, atomic compaction.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../../../../functions/src/adapters/store/xlsx/journal.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'journal-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true, maxRetries: 5 });
});

describe('a new journal', () => {
  it('is created empty and reads back what was appended, in order', async () => {
    const file = path.join(dir, 'j.jsonl');
    const { journal, records } = await Journal.open<{ n: number; text?: string }>(file);
    expect(records).toEqual([]);
    await journal.append([{ n: 1 }, { n: 2, text: '多行\n文本 "引号"' }]);
    await journal.append([{ n: 3 }]);
    await journal.close();
    const again = await Journal.open<{ n: number }>(file);
    expect(again.records).toEqual([{ n: 1 }, { n: 2, text: '多行\n文本 "引号"' }, { n: 3 }]);
    await again.journal.close();
  });

  it('shares one write among appends made at the same time, and each resolves only once written', async () => {
    const file = path.join(dir, 'j.jsonl');
    const { journal } = await Journal.open<{ n: number }>(file);
    await Promise.all(Array.from({ length: 200 }, (_, n) => journal.append([{ n }])));
    await journal.close();
    const again = await Journal.open<{ n: number }>(file);
    expect(again.records.map((record) => record.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, n) => n));
    await again.journal.close();
  });
});

describe('a journal cut off by a crash mid-append', () => {
  it('drops the torn last line, removes it from the file, and appends after the last whole line', async () => {
    const file = path.join(dir, 'j.jsonl');
    await fs.writeFile(file, '{"n":1}\n{"n":2}\n{"n":3,"te');
    const { journal, records, tornBytes } = await Journal.open<{ n: number }>(file);
    expect(records).toEqual([{ n: 1 }, { n: 2 }]);
    expect(tornBytes).toBe(10);
    await journal.append([{ n: 4 }]);
    await journal.close();
    expect(await fs.readFile(file, 'utf8')).toBe('{"n":1}\n{"n":2}\n{"n":4}\n');
  });
});

describe('compaction', () => {
  it('replaces the records with a snapshot and keeps appending after it', async () => {
    const file = path.join(dir, 'j.jsonl');
    const { journal } = await Journal.open<{ n: number }>(file);
    await journal.append([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const before = journal.size;
    await journal.compact([{ n: 6 }]);
    expect(journal.size).toBeLessThan(before);
    await journal.append([{ n: 7 }]);
    await journal.close();
    const again = await Journal.open<{ n: number }>(file);
    expect(again.records).toEqual([{ n: 6 }, { n: 7 }]);
    await again.journal.close();
  });
});
