// The feedback job end to end on a memory store: exactly once across reruns, crashes, failures, pacing and limits.
import { describe, expect, it } from 'vitest';
import { FEEDBACK_KINDS, FEEDBACK_LOG_TAB, FEEDBACK_STATUSES } from '../../sheets-templates/index.js';
import { fixedClock } from '../../functions/src/adapters/system-clock.js';
import { cellChoice, cellText, type Cell } from '../../functions/src/core/cells.js';
import { runFeedback } from '../../functions/src/jobs/feedback.js';
import type { MemorySheetStore } from '../../functions/src/adapters/store/memory-store.js';
import { deps, feedbackStore, passingClass, RecordingMailer, setScores, virtualTime, type Student } from '../fixtures/feedback-world.js';

async function shownLogRows(store: MemorySheetStore): Promise<Record<string, Cell>[]> {
  return (await store.read([FEEDBACK_LOG_TAB.name])).get(FEEDBACK_LOG_TAB.name)?.rows.map((row) => ({ ...row.values })) ?? [];
}

/** The log as the feedback job reads it back: kind and status are shown in the reader's language, read as their values. */
async function logRows(store: MemorySheetStore): Promise<Record<string, Cell>[]> {
  return (await shownLogRows(store)).map((row) => ({
    ...row,
    kind: cellChoice(row['kind'], FEEDBACK_KINDS) as string,
    status: cellChoice(row['status'], FEEDBACK_STATUSES) as string,
  }));
}

const statuses = async (store: MemorySheetStore) => (await logRows(store)).map((row) => cellText(row['status']));

describe('the log in a zh-CN workbook', () => {
  it("shows each message's kind and state in Chinese", async () => {
    const store = feedbackStore(passingClass(2));
    await runFeedback(deps(store, new RecordingMailer()), { ignoreHold: true });
    expect(new Set((await shownLogRows(store)).map((row) => `${cellText(row['kind'])}/${cellText(row['status'])}`))).toEqual(
      new Set(['成绩反馈/已发送']),
    );
  });
});

describe('a class of 1,000 trainees', () => {
  it('gets 1,000 messages from two runs, each trainee one', async () => {
    const store = feedbackStore(passingClass(1000));
    const mailer = new RecordingMailer();
    const first = await runFeedback(deps(store, mailer));
    const second = await runFeedback(deps(store, mailer));
    expect(first).toMatchObject({ sent: 1000, failed: 0, remaining: 0, stopped: 'done' });
    expect(second).toMatchObject({ sent: 0, remaining: 0 });
    expect(mailer.delivered).toHaveLength(1000);
    expect(new Set(mailer.delivered.map((mail) => mail.to.address)).size).toBe(1000);
    expect(new Set(await statuses(store))).toEqual(new Set(['sent']));
  });
});

describe('a crash between sending and logging', () => {
  /** A store whose `replace` fails from the n-th call on, as a process killed at that point would stop writing. */
  function crashingAt(store: MemorySheetStore, failingReplace: number): MemorySheetStore {
    let calls = 0;
    const replace = store.replace.bind(store);
    return Object.assign(Object.create(store) as MemorySheetStore, {
      replace: (tables: Parameters<MemorySheetStore['replace']>[0]) => {
        calls += 1;
        return calls >= failingReplace ? Promise.reject(new Error('killed')) : replace(tables);
      },
      read: store.read.bind(store),
      append: store.append.bind(store),
    });
  }

  it('sends nothing twice when the mailer can look the message up (outbox, Gmail)', async () => {
    const store = feedbackStore(passingClass(30));
    const mailer = new RecordingMailer();
    // Writes: 1 the new pending rows, 2 the first batch marked queued, 3 its outcomes: killed there.
    await expect(runFeedback(deps(crashingAt(store, 3), mailer))).rejects.toThrow('killed');
    expect(mailer.delivered).toHaveLength(25);
    expect((await statuses(store)).filter((status) => status === 'queued')).toHaveLength(25);

    const rerun = await runFeedback(deps(store, mailer));
    expect(rerun).toMatchObject({ confirmed: 25, sent: 5, unconfirmed: 0 });
    expect(mailer.delivered).toHaveLength(30);
    expect(new Set(mailer.delivered.map((mail) => mail.messageId)).size).toBe(30);
    expect(new Set(await statuses(store))).toEqual(new Set(['sent']));
  });

  it('leaves interrupted sends for staff when the mailer cannot tell (SMTP), and sends them no second time', async () => {
    const store = feedbackStore(passingClass(30));
    const mailer = new RecordingMailer();
    mailer.canTell = false;
    await expect(runFeedback(deps(crashingAt(store, 3), mailer))).rejects.toThrow('killed');
    const rerun = await runFeedback(deps(store, mailer));
    expect(rerun).toMatchObject({ unconfirmed: 25, sent: 5 });
    expect(mailer.delivered).toHaveLength(30);
    const rows = await logRows(store);
    expect(
      rows
        .filter((row) => row['status'] === 'unconfirmed')
        .every((row) => cellText(row['error']).includes('type 重发 (resend) in the status to send it again')),
    ).toBe(true);
    expect(await runFeedback(deps(store, mailer))).toMatchObject({ sent: 0, unconfirmed: 0 });
  });

  it('sends again once staff delete an unconfirmed row', async () => {
    const store = feedbackStore(passingClass(2));
    const mailer = new RecordingMailer();
    mailer.canTell = false;
    await expect(runFeedback(deps(crashingAt(store, 3), mailer))).rejects.toThrow('killed');
    await runFeedback(deps(store, mailer));
    const rows = await logRows(store);
    await store.replace(new Map([[FEEDBACK_LOG_TAB.name, rows.slice(1)]]));
    expect(await runFeedback(deps(store, mailer))).toMatchObject({ sent: 1 });
  });
});

describe('a mailer failing midway through a batch', () => {
  it('retries the failed messages on a later run after the backoff, and sends each once', async () => {
    const store = feedbackStore(passingClass(10));
    const mailer = new RecordingMailer();
    mailer.failNext(3);
    expect(await runFeedback(deps(store, mailer))).toMatchObject({ sent: 7, failed: 3 });
    const failed = (await logRows(store)).filter((row) => row['status'] === 'failed');
    expect(failed.map((row) => [row['tries'], row['next_try_at'], row['error']])).toEqual(
      Array(3).fill([1, '2026-06-05T10:05:00+08:00', 'SMTP 451: try again later']),
    );

    // Before the backoff has passed nothing is retried.
    expect(await runFeedback(deps(store, mailer, { clock: fixedClock('2026-06-05T10:04:00+08:00') }))).toMatchObject({ sent: 0 });
    expect(await runFeedback(deps(store, mailer, { clock: fixedClock('2026-06-05T10:06:00+08:00') }))).toMatchObject({
      sent: 3,
      failed: 0,
    });
    expect(mailer.delivered).toHaveLength(10);
    expect(new Set(mailer.delivered.map((mail) => mail.to.address)).size).toBe(10);
  });

  it('after a failure that may have delivered, looks the message up before sending again', async () => {
    const store = feedbackStore(passingClass(1));
    const mailer = new RecordingMailer();
    mailer.deliverWhenUnknown = true;
    mailer.failNext(1, 'unknown', 'Gmail 503: backend error');
    expect(await runFeedback(deps(store, mailer))).toMatchObject({ sent: 0, failed: 1 });
    expect(await statuses(store)).toEqual(['queued']);
    const later = await runFeedback(deps(store, mailer, { clock: fixedClock('2026-06-05T11:00:00+08:00') }));
    expect(later).toMatchObject({ confirmed: 1, sent: 0 });
    expect(mailer.attempts).toHaveLength(1);
  });

  it('gives up after the configured tries and waits for staff', async () => {
    const store = feedbackStore(passingClass(1));
    const mailer = new RecordingMailer();
    mailer.failNext(10, 'no', 'SMTP 550: mailbox unavailable');
    const limits = { ratePerSecond: 0, dailyCap: 100, timeBudgetMs: 600_000, batchSize: 25, maxTries: 3 };
    for (const hour of ['10', '11', '12', '13', '14'])
      await runFeedback(deps(store, mailer, { limits, clock: fixedClock(`2026-06-05T${hour}:00:00+08:00`) }));
    expect(mailer.attempts).toHaveLength(3);
    expect((await logRows(store)).map((row) => [row['status'], row['tries'], row['next_try_at']])).toEqual([['failed', 3, null]]);
  });
});

describe('a corrected score', () => {
  it('sends one correction, marked as such, and nothing more on later runs', async () => {
    const students: Student[] = [{ id: 'T0001', name: '张伟', exam: 70, case: 80 }];
    const store = feedbackStore(students);
    const mailer = new RecordingMailer();
    await runFeedback(deps(store, mailer));
    setScores(store, [{ id: 'T0001', name: '张伟', exam: 78, case: 80 }]);
    await runFeedback(deps(store, mailer));
    await runFeedback(deps(store, mailer));
    expect(mailer.delivered).toHaveLength(2);
    const subjects = (await logRows(store)).map((row) => row['subject']);
    expect(subjects).toEqual(['【培训反馈】客户沟通技巧：通过', '【更正】【培训反馈】客户沟通技巧：通过']);
  });
});

describe('the hold', () => {
  it('waits until a result has stayed the same for feedback_hold_minutes, and restarts when it changes', async () => {
    const students: Student[] = [{ id: 'T0001', name: '张伟', exam: 70 }];
    const store = feedbackStore(students, { feedback_hold_minutes: '60' });
    const mailer = new RecordingMailer();
    const at = (time: string) => deps(store, mailer, { clock: fixedClock(`2026-06-05T${time}:00+08:00`) });
    // The case score is not typed in yet: the result says a component is missing.
    expect(await runFeedback(at('10:00'))).toMatchObject({ sent: 0, held: 2 });
    setScores(store, [{ id: 'T0001', name: '张伟', exam: 70, case: 82 }]);
    expect(await runFeedback(at('10:30'))).toMatchObject({ sent: 0, held: 1 });
    expect(await runFeedback(at('11:10'))).toMatchObject({ sent: 0, held: 1 });
    expect(await runFeedback(at('11:31'))).toMatchObject({ sent: 1, held: 0 });
    expect(mailer.delivered.map((mail) => mail.raw.toString()).join()).not.toContain('补考');
    expect((await logRows(store)).map((row) => row['status'])).toEqual(['sent']);
  });

  it('is skipped when asked to send now', async () => {
    const store = feedbackStore(passingClass(3), { feedback_hold_minutes: '60' });
    const mailer = new RecordingMailer();
    expect(await runFeedback(deps(store, mailer), { ignoreHold: true })).toMatchObject({ sent: 3 });
  });
});

describe('pacing and limits', () => {
  it('spaces sends by the configured rate', async () => {
    const store = feedbackStore(passingClass(10));
    const mailer = new RecordingMailer();
    const time = virtualTime();
    await runFeedback(
      deps(store, mailer, { ...time, limits: { ratePerSecond: 2, dailyCap: 100, timeBudgetMs: 600_000, batchSize: 25, maxTries: 8 } }),
    );
    expect(mailer.delivered).toHaveLength(10);
    expect(time.elapsedMs()).toBe(4500);
  });

  it('stops before the time budget and resumes on the next run where it stopped', async () => {
    const store = feedbackStore(passingClass(40));
    const mailer = new RecordingMailer();
    const limits = { ratePerSecond: 1, dailyCap: 100, timeBudgetMs: 20_000, batchSize: 5, maxTries: 8 };
    const first = await runFeedback(deps(store, mailer, { limits }));
    expect(first.stopped).toBe('time');
    expect(first.sent).toBeGreaterThan(10);
    expect(first.sent + first.remaining).toBe(40);
    expect((await statuses(store)).filter((status) => status === 'queued')).toHaveLength(0);
    let total = first.sent;
    for (let run = 0; run < 5 && total < 40; run += 1) total += (await runFeedback(deps(store, mailer, { limits }))).sent;
    expect(total).toBe(40);
    expect(mailer.delivered).toHaveLength(40);
  });

  it('respects the daily cap across runs, then goes on the next day', async () => {
    const store = feedbackStore(passingClass(30));
    const mailer = new RecordingMailer();
    const limits = { ratePerSecond: 0, dailyCap: 12, timeBudgetMs: 600_000, batchSize: 5, maxTries: 8 };
    expect(await runFeedback(deps(store, mailer, { limits }))).toMatchObject({ sent: 12, stopped: 'daily-cap', remaining: 18 });
    expect(await runFeedback(deps(store, mailer, { limits, clock: fixedClock('2026-06-05T20:00:00+08:00') }))).toMatchObject({
      sent: 0,
      stopped: 'daily-cap',
    });
    expect(await runFeedback(deps(store, mailer, { limits, clock: fixedClock('2026-06-06T10:01:00+08:00') }))).toMatchObject({ sent: 12 });
  });

  it('sends at most --limit messages', async () => {
    const store = feedbackStore(passingClass(8));
    const mailer = new RecordingMailer();
    expect(await runFeedback(deps(store, mailer), { limit: 3 })).toMatchObject({ sent: 3, stopped: 'limit', remaining: 5 });
  });
});

describe('a dry run', () => {
  it('renders what is due and neither sends nor writes', async () => {
    const store = feedbackStore(passingClass(3));
    const mailer = new RecordingMailer();
    const report = await runFeedback(deps(store, mailer), { dryRun: true });
    expect(report.preview?.map((message) => message.to)).toEqual(['t0001@bank.example', 't0002@bank.example', 't0003@bank.example']);
    expect(report.preview?.[0]?.text).toContain('学员1，您好');
    expect(mailer.attempts).toHaveLength(0);
    expect(store.calls.filter((call) => call.method !== 'read')).toEqual([]);
  });
});

describe('who hears what', () => {
  it('e-mails a retake notice with the result of a failed trainee, and nobody who left the programme', async () => {
    const store = feedbackStore([
      { id: 'T0001', name: '张伟', exam: 40, case: 50 },
      { id: 'T0002', name: '李娜', exam: 95, case: 96 },
      { id: 'T0003', name: '王芳', exam: 80, case: 80, status: '退出' },
    ]);
    const mailer = new RecordingMailer();
    await runFeedback(deps(store, mailer));
    const rows = await logRows(store);
    expect(rows.map((row) => [row['kind'], row['trainee_id'], row['email']])).toEqual([
      ['result', 'T0001', 't0001@bank.example'],
      ['result', 'T0002', 't0002@bank.example'],
      ['excellent', 'T0002', 't0002@bank.example'],
      ['retake', 'T0001', 't0001@bank.example'],
    ]);
    for (const mail of mailer.delivered) {
      const other = mail.to.address === 't0001@bank.example' ? '李娜' : '张伟';
      expect(mail.raw.toString()).not.toContain(Buffer.from(other).toString('base64'));
    }
  });

  it("sends the leaders' digest once a week, from the configured weekday", async () => {
    const store = feedbackStore(passingClass(6), {
      leader_emails: 'boss@bank.example, hr@bank.example',
      leader_digest_weekday: '5',
      summary_link: 'https://docs.google.com/spreadsheets/d/abc',
    });
    const mailer = new RecordingMailer();
    // 2026-06-05 is a Friday.
    await runFeedback(deps(store, mailer, { clock: fixedClock('2026-06-04T10:00:00+08:00') }));
    expect(mailer.delivered.filter((mail) => mail.to.address.startsWith('boss'))).toHaveLength(0);
    await runFeedback(deps(store, mailer));
    await runFeedback(deps(store, mailer, { clock: fixedClock('2026-06-07T10:00:00+08:00') }));
    await runFeedback(deps(store, mailer, { clock: fixedClock('2026-06-12T10:00:00+08:00') }));
    const digests = (await logRows(store))
      .filter((row) => row['kind'] === 'digest')
      .map((row) => cellText(row['feedback_key']).split('|').slice(0, 3).join('|'));
    expect(digests).toEqual([
      'digest|boss@bank.example|2026-W23',
      'digest|hr@bank.example|2026-W23',
      'digest|boss@bank.example|2026-W24',
      'digest|hr@bank.example|2026-W24',
    ]);
  });
});
