// Certificates' PDFs in a local folder (data/certificates/<serial>.pdf), written durably and never overwritten.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CertificateFiles } from '../../ports.js';
import { durableWrite } from '../durable-write.js';

/** A serial is [A-Z0-9-] by its shape; anything else never names a file. */
const SAFE = /^[A-Z0-9-]{1,64}$/;

export class FolderCertificateFiles implements CertificateFiles {
  readonly name = 'folder';

  /** `shownAs` is the folder as the Certificates tab names it (e.g. data/certificates), never an absolute path. */
  constructor(
    private readonly dir: string,
    private readonly shownAs: string,
  ) {}

  private file(serial: string): string {
    if (!SAFE.test(serial)) throw new Error(`not a certificate serial: ${serial.slice(0, 80)}`);
    return path.join(this.dir, `${serial}.pdf`);
  }

  async put(serial: string, pdf: Buffer): Promise<string> {
    const file = this.file(serial);
    await fs.mkdir(this.dir, { recursive: true });
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await durableWrite(temp, pdf);
      // link, not rename: it fails when the serial is stored already, so a stored certificate is never replaced.
      await fs.link(temp, file).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
    } finally {
      await fs.rm(temp, { force: true });
    }
    return path.posix.join(this.shownAs.split(path.sep).join('/'), `${serial}.pdf`);
  }

  async get(serial: string): Promise<Buffer | undefined> {
    try {
      return await fs.readFile(this.file(serial));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}
