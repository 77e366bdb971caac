// The embedded mailer: each message becomes an .eml file in a local outbox folder, written once and atomically.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ComposedMail, Mailer, SendResult } from '../../ports.js';
import { durableWrite } from '../durable-write.js';

/** A readable, portable file name for a key: its safe characters, then a hash so distinct keys never share a file. */
export function outboxFileName(key: string): string {
  const readable = key.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 10);
  return `${readable}-${hash}.eml`;
}

export class OutboxMailer implements Mailer {
  readonly name = 'outbox';

  constructor(readonly directory: string) {}

  async send(mail: ComposedMail): Promise<SendResult> {
    const file = path.join(this.directory, outboxFileName(mail.key));
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    try {
      await fs.mkdir(this.directory, { recursive: true });
      await durableWrite(temp, mail.raw);
      // link() fails when the file exists, so a message is in the outbox once, whatever races or reruns happen.
      await fs.link(temp, file).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
      return { ok: true, providerId: path.basename(file) };
    } catch (error) {
      return { ok: false, error: `cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`, delivered: 'no' };
    } finally {
      await fs.rm(temp, { force: true }).catch(() => undefined);
    }
  }

  async wasSent(mail: Pick<ComposedMail, 'key'>): Promise<boolean> {
    return fs.stat(path.join(this.directory, outboxFileName(mail.key))).then(
      () => true,
      () => false,
    );
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
