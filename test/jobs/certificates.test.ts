// Certificates through the recompute and the feedback job: issued once across reruns, retries and crashes, stored once, verified, attached once.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CERTIFICATES_TAB } from '../../sheets-templates/index.js';
import { MemoryCertificateFiles } from '../../functions/src/adapters/certificates/memory-files.js';
import { OutboxMailer } from '../../functions/src/adapters/mail/outbox-mailer.js';
import { fixedClock } from '../../functions/src/adapters/system-clock.js';
import type { MemorySheetStore } from '../../functions/src/adapters/store/memory-store.js';
import type { RowRecord } from '../../functions/src/core/table.js';
import { verifySerial, type CertificateDeps } from '../../functions/src/jobs/certificates.js';
import { runFeedback } from '../../functions/src/jobs/feedback.js';
import { runRecompute } from '../../functions/src/jobs/recompute.js';
import type { CertificateFiles, Logger } from '../../functions/src/ports.js';
import { certificatesStore, SECRET } from '../fixtures/certificates-world.js';

const clock = fixedClock('2026-11-23T10:00:00+08:00');
const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const secret = () => Promise.resolve(SECRET);

async function register(store: MemorySheetStore): Promise<RowRecord[]> {
  return ((await store.read([CERTIFICATES_TAB.name])).get(CERTIFICATES_TAB.name)?.rows ?? []).map((row) => row.values);
}

describe('certificates issued by the recompute', () => {
  let store: MemorySheetStore;
  let files: MemoryCertificateFiles;
  let deps: CertificateDeps;

  beforeEach(() => {
    store = certificatesStore(3);
    files = new MemoryCertificateFiles();
    deps = { files, secret, logger: silent };
  });

  it('are listed with a serial and a stored PDF each, in one write with the other derived tabs', async () => {
    const report = await runRecompute(store, clock, deps);
    const rows = await register(store);
    expect(report.certificates).toMatchObject({ issued: rows.length, stored: rows.length, waiting: 0 });
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) {
      expect(row['serial']).toMatch(/^CMT-2026-\d{6}-[0-9A-Z]{10}$/);
      expect(row['file']).toBe(`memory:${String(row['serial'])}.pdf`);
    }
    expect(store.calls.filter((call) => call.method === 'replace')).toHaveLength(1);
  });

  it('are issued and stored once across reruns', async () => {
    await runRecompute(store, clock, deps);
    const first = await register(store);
    const again = await runRecompute(store, fixedClock('2026-11-24T10:00:00+08:00'), deps);
    expect(again.certificates).toMatchObject({ issued: 0, stored: 0 });
    expect(await register(store)).toEqual(first);
    expect(files.stores).toEqual(first.map((row) => row['serial']));
  });

  it('whose PDF could not be stored keep their serial and are stored by the next run', async () => {
    let failing = true;
    const flaky: CertificateFiles = {
      name: 'flaky',
      put: (serial, pdf) => (failing ? Promise.reject(new Error('disk full')) : files.put(serial, pdf)),
      get: (serial) => files.get(serial),
    };
    const first = await runRecompute(store, clock, { ...deps, files: flaky });
    const rows = await register(store);
    expect(first.certificates).toMatchObject({ stored: 0, waiting: rows.length });
    expect(rows.every((row) => row['file'] === null || row['file'] === '')).toBe(true);
    failing = false;
    const second = await runRecompute(store, clock, { ...deps, files: flaky });
    expect(second.certificates).toMatchObject({ issued: 0, stored: rows.length, waiting: 0 });
    expect((await register(store)).map((row) => row['serial'])).toEqual(rows.map((row) => row['serial']));
    expect(new Set(files.stores).size).toBe(files.stores.length);
  });

  it('stored before a crash that lost the tab write get the same serials on the retry, and are not stored twice', async () => {
    const replace = store.replace.bind(store);
    store.replace = () => Promise.reject(new Error('killed before the write'));
    await expect(runRecompute(store, clock, deps)).rejects.toThrow('killed');
    const storedBeforeCrash = [...files.stores];
    store.replace = replace;
    await runRecompute(store, clock, deps);
    expect((await register(store)).map((row) => row['serial'])).toEqual(storedBeforeCrash);
    expect(files.stores).toEqual(storedBeforeCrash);
  });

  it('are verified from the register; a forged or altered serial is refused', async () => {
    await runRecompute(store, clock, deps);
    const [row] = await register(store);
    const serial = String(row?.['serial']);
    const genuine = await verifySerial(store, secret, serial);
    expect(genuine).toMatchObject({ genuine: true, certificate: { serial, name: row?.['name'], kind: row?.['kind'] } });
    expect(JSON.stringify(genuine)).not.toMatch(/total|score|band/);
    expect(await verifySerial(store, secret, `${serial.slice(0, -3)}XYZ`)).toMatchObject({ genuine: false, reason: 'unknown' });
    expect(await verifySerial(store, () => Promise.resolve(`${SECRET}!`), serial)).toMatchObject({ genuine: false, reason: 'altered' });
  });
});

describe('certificates on the result and congratulation e-mails', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'certificate-mail-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const feedbackDeps = (store: MemorySheetStore, files: CertificateFiles) => ({
    store,
    mailer: new OutboxMailer(dir),
    clock,
    logger: silent,
    limits: { ratePerSecond: 0, dailyCap: 10_000, timeBudgetMs: 60_000, batchSize: 50, maxTries: 3 },
    from: { name: '培训中心', address: 'training@bank.example' },
    certificateFiles: files,
  });

  it('wait until the recompute has stored the certificate, then go once with the PDF attached', async () => {
    const store = certificatesStore(3);
    const files = new MemoryCertificateFiles();
    // No recompute yet: every passed result waits for its certificate; other e-mails (retakes) may go.
    const before = await runFeedback(feedbackDeps(store, files), { ignoreHold: true });
    const emlBefore = (await fs.readdir(dir)).filter((name) => name.startsWith('result'));
    await runRecompute(store, clock, { files, secret, logger: silent });
    const after = await runFeedback(feedbackDeps(store, files), { ignoreHold: true });
    expect(after.sent).toBeGreaterThan(0);
    const again = await runFeedback(feedbackDeps(store, files), { ignoreHold: true });
    expect(again.sent).toBe(0);

    const rows = await register(store);
    const attached = new Map<string, Buffer>();
    for (const name of await fs.readdir(dir)) {
      const mail = await simpleParser(await fs.readFile(path.join(dir, name)));
      for (const attachment of mail.attachments) {
        expect(attachment.contentType).toBe('application/pdf');
        expect(attached.has(attachment.filename ?? '')).toBe(false);
        attached.set(attachment.filename ?? '', attachment.content);
      }
    }
    expect(before.sent + after.sent).toBe((await fs.readdir(dir)).length);
    // Every certificate went out exactly once, named after its serial, with the stored bytes.
    expect([...attached.keys()].sort()).toEqual(rows.map((row) => `${String(row['serial'])}.pdf`).sort());
    for (const row of rows) {
      const serial = String(row['serial']);
      expect(attached.get(`${serial}.pdf`)?.equals((await files.get(serial)) ?? Buffer.alloc(0))).toBe(true);
      expect(attached.get(`${serial}.pdf`)?.subarray(0, 5).toString()).toBe('%PDF-');
    }
    // What went before the recompute was no passed result (those waited for their certificates) and carried none.
    for (const name of emlBefore) {
      const mail = await simpleParser(await fs.readFile(path.join(dir, name)));
      expect(mail.subject ?? '').not.toMatch(/：(通过|优秀)$/);
      expect(mail.attachments).toHaveLength(0);
    }
  });
});
