// The SMTP server refusing (451) midway through a feedback batch and recovering: after later runs each message delivered exactly once.
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEEDBACK_LOG_TAB } from '../../sheets-templates/index.js';
import { memoryLogger } from '../../functions/src/adapters/json-logger.js';
import { createApp, type App } from '../../functions/src/app.js';
import { cellText } from '../../functions/src/core/cells.js';
import { loadConfig } from '../../functions/src/config.js';
import type { MemorySheetStore } from '../../functions/src/adapters/store/memory-store.js';
import { AFTER_COURSE, feedbackStore, passingClass } from '../fixtures/feedback-world.js';
import { reportFigures, serveHttp } from './storm.js';

const ADMIN_TOKEN = 'reliability-admin-0123456789';

const CLASS = 40;
/** Accepted before the outage, then refused, then accepted again. */
const BEFORE_OUTAGE = 13;
const REFUSED = 9;

describe('feedback e-mail through an SMTP server that fails midway and recovers', () => {
  let smtp: SMTPServer;
  let server: Awaited<ReturnType<typeof serveHttp>>;
  let app: App;
  let store: MemorySheetStore;
  let now = DateTime.fromISO(AFTER_COURSE, { setZone: true });
  const logger = memoryLogger();
  /** Message-ID of every message the server accepted, in order. */
  const delivered: string[] = [];
  let refusals = 0;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (delivered.length >= BEFORE_OUTAGE && refusals < REFUSED) {
            refusals += 1;
            callback(Object.assign(new Error('mailbox busy, try again later'), { responseCode: 451 }));
            return;
          }
          delivered.push(/^Message-ID:\s*(<[^>]+>)/im.exec(Buffer.concat(chunks).toString('latin1'))?.[1] ?? 'none');
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    store = feedbackStore(passingClass(CLASS));
    const config = loadConfig({
      STORE: 'memory',
      MAILER: 'smtp',
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: '培训中心 <training@bank.example>',
      FEEDBACK_RATE_PER_SECOND: '0',
      FEEDBACK_BATCH_SIZE: '10',
      FEEDBACK_AFTER_RECOMPUTE: 'off',
      RECOMPUTE_ON_SUBMIT: 'off',
      ADMIN_TOKEN,
    });
    app = createApp(config, { store, clock: { now: () => now }, logger });
    server = await serveHttp(app.handler);
  });

  afterAll(async () => {
    await app.mailer?.close();
    await server.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  const send = async () => {
    const response = await fetch(`${server.base}/feedback/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ sendNow: true }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { sent: number; failed: number; remaining: number; unconfirmed: number };
  };

  it('sends what the outage refused on a later run, and nothing twice', { timeout: 60_000 }, async () => {
    const runs = [await send()];
    expect(runs[0]).toMatchObject({ sent: CLASS - REFUSED, failed: REFUSED, unconfirmed: 0 });
    // Right away nothing is due: a refused message waits its backoff (5 minutes and more) rather than hammer the server.
    runs.push(await send());
    expect(runs[1]).toMatchObject({ sent: 0, failed: 0 });
    now = now.plus({ minutes: 10 });
    runs.push(await send());
    expect(runs[2]).toMatchObject({ sent: REFUSED, failed: 0 });
    now = now.plus({ hours: 1 });
    runs.push(await send());
    expect(runs[3]).toMatchObject({ sent: 0, failed: 0, remaining: 0 });

    expect(refusals).toBe(REFUSED);
    expect(delivered).toHaveLength(CLASS);
    expect(new Set(delivered).size).toBe(CLASS);
    const log = (await store.read([FEEDBACK_LOG_TAB.name])).get(FEEDBACK_LOG_TAB.name)?.rows ?? [];
    expect(log.map((row) => cellText(row.values['status']))).toEqual(Array.from({ length: CLASS }, () => '已发送'));
    expect(new Set(log.map((row) => cellText(row.values['message_id'])))).toEqual(new Set(delivered));
    expect(log.filter((row) => row.values['tries'] === 2)).toHaveLength(REFUSED);
    reportFigures('mailer outage', {
      messages: CLASS,
      refused: refusals,
      runs: runs.map((run) => [run.sent, run.failed]),
      deliveredOnce: new Set(delivered).size,
    });
  });
});
