// Certificates' PDFs in memory, for the memory store and tests; records every store so a test can count uploads.
import type { CertificateFiles } from '../../ports.js';

export class MemoryCertificateFiles implements CertificateFiles {
  readonly name = 'memory';
  readonly files = new Map<string, Buffer>();
  /** Every serial `put` actually stored, in order: a serial twice here is a certificate stored twice. */
  readonly stores: string[] = [];

  put(serial: string, pdf: Buffer): Promise<string> {
    if (!this.files.has(serial)) {
      this.files.set(serial, pdf);
      this.stores.push(serial);
    }
    return Promise.resolve(`memory:${serial}.pdf`);
  }

  get(serial: string): Promise<Buffer | undefined> {
    return Promise.resolve(this.files.get(serial));
  }
}
