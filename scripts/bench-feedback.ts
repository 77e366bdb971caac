// Benchmarks of feedback e-mail: messages rendered and composed per second, and 1,000 sent through a local SMTP server and the outbox.
import { promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { SMTPServer } from 'smtp-server';
import { composeMail } from '../functions/src/adapters/mail/compose.js';
import { OutboxMailer } from '../functions/src/adapters/mail/outbox-mailer.js';
import { SmtpMailer } from '../functions/src/adapters/mail/smtp-mailer.js';
import { desiredFeedback } from '../functions/src/core/feedback/desired.js';
import { messageIdFor } from '../functions/src/core/feedback/log.js';
import { renderFeedback } from '../functions/src/core/feedback/render.js';
import { recompute } from '../functions/src/core/grading/recompute.js';
import { readSourceRows, SOURCE_TAB_NAMES } from '../functions/src/core/source-data.js';
import { runFeedback } from '../functions/src/jobs/feedback.js';
import type { Mailer } from '../functions/src/ports.js';
import { AFTER_COURSE, deps, feedbackStore, passingClass } from '../test/fixtures/feedback-world.js';
import type { BenchLine } from './bench.js';

export async function benchCompose(trainees: number): Promise<BenchLine[]> {
  const store = feedbackStore(passingClass(trainees));
  const source = readSourceRows(await store.read(SOURCE_TAB_NAMES));
  const now = DateTime.fromISO(AFTER_COURSE, { setZone: true });
  const messages = desiredFeedback({ result: recompute(source, now), source, now });
  const from = { name: '培训中心', address: 'training@bank.example' };
  const composeAll = async () => {
    let bytes = 0;
    for (const message of messages) {
      const rendered = renderFeedback(message, source.settings, { correction: false, now });
      const mail = await composeMail({
        key: message.key,
        messageId: messageIdFor(message.key, 'bank.example'),
        from,
        to: message.to,
        ...rendered,
        date: now.toJSDate(),
      });
      bytes += mail.raw.length;
    }
    return bytes;
  };
  await composeAll();
  const started = performance.now();
  const bytes = await composeAll();
  const seconds = (performance.now() - started) / 1000;
  return [
    {
      name: `render + compose ${messages.length} result e-mails`,
      value: `${(messages.length / seconds).toFixed(0)} messages/s (${((seconds * 1000) / messages.length).toFixed(2)} ms each, ${(bytes / messages.length / 1024).toFixed(1)} KiB each)`,
    },
  ];
}

async function timedRun(trainees: number, mailer: Mailer): Promise<{ seconds: number; sent: number }> {
  const store = feedbackStore(passingClass(trainees));
  const started = performance.now();
  const report = await runFeedback({
    ...deps(store, mailer),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    elapsedMs: () => performance.now(),
  });
  return { seconds: (performance.now() - started) / 1000, sent: report.sent };
}

export async function benchSend(trainees: number): Promise<BenchLine[]> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const lines: BenchLine[] = [];
  try {
    const smtp = new SmtpMailer(`smtp://127.0.0.1:${port}`);
    const run = await timedRun(trainees, smtp);
    await smtp.close();
    lines.push({
      name: `${trainees} trainees through the SMTP test server (pooled, no pacing)`,
      value: `${run.seconds.toFixed(2)} s, ${run.sent} sent, ${received} received (${(run.sent / run.seconds).toFixed(0)}/s)`,
    });
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-outbox-'));
  try {
    const run = await timedRun(trainees, new OutboxMailer(dir));
    lines.push({
      name: `${trainees} trainees into the outbox (.eml files, fsync each)`,
      value: `${run.seconds.toFixed(2)} s, ${run.sent} sent (${(run.sent / run.seconds).toFixed(0)}/s)`,
    });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
  return lines;
}
