// An append-only file of JSON lines: a record is on disk (written and fsynced) before append() resolves; a torn last line is dropped.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { durableWrite } from '../../durable-write.js';

export interface JournalOpened<R> {
  readonly journal: Journal<R>;
  /** Every complete record, oldest first. */
  readonly records: readonly R[];
  /** Bytes of a last line cut off by a crash mid-append, removed from the file (never acknowledged). */
  readonly tornBytes: number;
}

interface Waiting {
  readonly line: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** Fsync a folder so a rename or a new file in it survives a power cut (a no-op where folders cannot be opened). */
export async function syncFolder(folder: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(folder, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open a folder for fsync; NTFS makes the rename durable on its own.
  } finally {
    await handle?.close();
  }
}

export class Journal<R> {
  private waiting: Waiting[] = [];
  private flushing: Promise<void> | undefined;
  private bytes: number;

  private constructor(
    readonly file: string,
    private handle: fs.FileHandle,
    size: number,
  ) {
    this.bytes = size;
  }

  /** What a journal holds, read without opening it for writing (a process that only reads while another writes). */
  static async read<R>(file: string): Promise<{ records: R[]; size: number }> {
    let text = '';
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const end = text.lastIndexOf('\n') + 1;
    const records = text
      .slice(0, end)
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as R);
    return { records, size: Buffer.byteLength(text) };
  }

  /** Open (or create) the journal and read what it holds. */
  static async open<R>(file: string): Promise<JournalOpened<R>> {
    await fs.mkdir(path.dirname(file), { recursive: true });
    let text = '';
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const end = text.lastIndexOf('\n') + 1;
    const tornBytes = Buffer.byteLength(text.slice(end));
    const records: R[] = [];
    for (const line of text.slice(0, end).split('\n')) {
      if (line === '') continue;
      records.push(JSON.parse(line) as R);
    }
    const handle = await fs.open(file, 'a+');
    if (tornBytes > 0) {
      await handle.truncate(Buffer.byteLength(text.slice(0, end)));
      await handle.sync();
    }
    if (end === 0 && tornBytes === 0) await syncFolder(path.dirname(file));
    return { journal: new Journal<R>(file, handle, Buffer.byteLength(text.slice(0, end))), records, tornBytes };
  }

  /** Size of the journal file in bytes. */
  get size(): number {
    return this.bytes;
  }

  /**
   * Append records durably. Appends made while a write is under way share the next write and fsync (group
   * commit), so many concurrent callers cost one fsync, not one each.
   */
  append(records: readonly R[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    const line = records.map((record) => `${JSON.stringify(record)}\n`).join('');
    return new Promise((resolve, reject) => {
      this.waiting.push({ line, resolve, reject });
      this.flushing ??= this.drain();
    });
  }

  /**
   * Replace the journal by `records` (a snapshot of what it means), atomically: a crash leaves either the old
   * journal or the new one. Appends made meanwhile land after the snapshot.
   */
  async compact(records: readonly R[]): Promise<void> {
    while (this.flushing) await this.flushing;
    const temp = `${this.file}.compact.tmp`;
    const text = records.map((record) => `${JSON.stringify(record)}\n`).join('');
    await durableWrite(temp, Buffer.from(text));
    await this.handle.close();
    await fs.rename(temp, this.file);
    await syncFolder(path.dirname(this.file));
    this.handle = await fs.open(this.file, 'a+');
    this.bytes = Buffer.byteLength(text);
  }

  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    await this.handle.close();
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0);
        const data = Buffer.from(batch.map((item) => item.line).join(''));
        try {
          await this.handle.write(data);
          await this.handle.datasync();
          this.bytes += data.length;
          for (const item of batch) item.resolve();
        } catch (error) {
          // A write cut short (a full disk) must not leave half a line for the next record to follow.
          await this.handle.truncate(this.bytes).catch(() => undefined);
          for (const item of batch) item.reject(error);
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }
}
