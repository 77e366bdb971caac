// Which e-mails the grades call for, their keys, and how the FeedbackLog decides what is due: pure, table-driven.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { FEEDBACK_LOG_TAB } from '../../../sheets-templates/index.js';
import { desiredFeedback, type Feedback } from '../../../functions/src/core/feedback/desired.js';
import {
  baseOf,
  entryRecord,
  parseLog,
  reconcile,
  retryDelayMinutes,
  sentInLastDay,
  type LogEntry,
  type RetryPolicy,
} from '../../../functions/src/core/feedback/log.js';
import { recompute } from '../../../functions/src/core/grading/recompute.js';
import { readSourceRows, SOURCE_TAB_NAMES } from '../../../functions/src/core/source-data.js';
import { gridToTable } from '../../../functions/src/core/table.js';
import { AFTER_COURSE, feedbackStore, passingClass, type Student } from '../../fixtures/feedback-world.js';
import { gridOf } from '../../fixtures/world.js';

const NOW = DateTime.fromISO(AFTER_COURSE, { setZone: true });

async function desired(students: readonly Student[], settings: Record<string, string> = {}, now = NOW): Promise<Feedback[]> {
  const source = readSourceRows(await feedbackStore(students, settings).read(SOURCE_TAB_NAMES));
  return desiredFeedback({ result: recompute(source, now), source, now });
}

describe('the messages grades call for', () => {
  it.each([
    ['a pass', { exam: 75, case: 80 }, ['result']],
    ['an excellent result', { exam: 95, case: 92 }, ['result', 'excellent']],
    ['a fail inside the retake window', { exam: 40, case: 50 }, ['result', 'retake']],
    ['a missing component inside the window', { exam: 80 }, ['result', 'retake']],
    ['nothing scored yet', {}, ['result', 'retake']],
  ] as [string, Partial<Student>, string[]][])('%s → %j', async (_name, scores, kinds) => {
    const messages = await desired([{ id: 'T0001', name: '张伟', ...scores }]);
    expect(messages.map((message) => message.kind)).toEqual(kinds);
  });

  it('keeps the keys of the previous release, so no e-mail already sent goes out again as a correction', async () => {
    // Keys computed by the release before reasons, components and joined dates were added.
    const keys = async (student: Student) => (await desired([student])).map((message) => message.key);
    expect(await keys({ id: 'T0001', name: '张伟', exam: 75, case: 80 })).toEqual(['result|T0001|C-FB-01|1|f63412641004']);
    expect(await keys({ id: 'T0002', name: '李娜', exam: 40, case: 50 })).toEqual([
      'result|T0002|C-FB-01|1|fcc11b86d3c0',
      'retake|T0002|C-FB-01|2|6879502ce35d',
    ]);
    expect(await keys({ id: 'T0003', name: '王芳', exam: 95, case: 92 })).toEqual([
      'result|T0003|C-FB-01|1|ce3512922000',
      'excellent|T0003|C-FB-01|1|ea2515ce45b7',
    ]);
  });

  // A Settings value that cannot be read stops only the e-mails it governs.
  it.each([
    ['a result template typo stops results only', { result_subject_template: '{{course_titel}}' }, ['excellent', 'retake']],
    ['a retake template typo stops retake notices only', { retake_body_template: '{{deadlin}}' }, ['result', 'result', 'excellent']],
    ['an excellent template typo stops congratulations only', { excellent_body_template: '{{totl}}' }, ['result', 'result', 'retake']],
    ['a pass mark that does not read stops everything', { pass_mark: 'abc' }, []],
    ['a feedback_from that is not a date stops every trainee e-mail', { feedback_from: 'soon' }, []],
    [
      'a time zone that does not exist falls back to the default',
      { time_zone: 'Mars/Olympus' },
      ['result', 'result', 'excellent', 'retake'],
    ],
  ] as [string, Record<string, string>, string[]][])('%s', async (_name, settings, kinds) => {
    const students = [
      { id: 'T0001', name: '张伟', exam: 40, case: 50 },
      { id: 'T0002', name: '李娜', exam: 95, case: 92 },
    ];
    expect((await desired(students, settings)).map((message) => message.kind)).toEqual(kinds);
  });

  it('none while the course is running', async () => {
    expect(await desired(passingClass(3), {}, DateTime.fromISO('2026-05-20T10:00:00+08:00', { setZone: true }))).toEqual([]);
  });

  it('none for courses that ended before feedback_from', async () => {
    expect(await desired(passingClass(3), { feedback_from: '2026-06-01' })).toEqual([]);
    expect(await desired(passingClass(3), { feedback_from: '2026-05-31' })).toHaveLength(3);
  });

  it('keeps a key while the result stays, and changes it when a score is corrected', async () => {
    const before = await desired([{ id: 'T0001', name: '张伟', exam: 75, case: 80 }]);
    const again = await desired([{ id: 'T0001', name: '张伟', exam: 75, case: 80 }]);
    const corrected = await desired([{ id: 'T0001', name: '张伟', exam: 76, case: 80 }]);
    expect(again.map((m) => m.key)).toEqual(before.map((m) => m.key));
    expect(corrected[0]?.key).not.toBe(before[0]?.key);
    expect(corrected[0]?.base).toBe(before[0]?.base);
    expect(before[0]?.base).toBe('result|T0001|C-FB-01|1');
    expect(baseOf(before[0]?.key ?? '')).toBe(before[0]?.base);
  });

  it.each([
    [4, [99, 90, 80, 70], ['few', 'few', 'few', 'few']],
    [5, [99, 90, 80, 70, 60], ['top25', 'top50', 'rest', 'rest', 'rest']],
    [10, [99, 98, 97, 96, 95, 94, 93, 92, 91, 90], ['top10', 'top25', 'top50', 'top50', 'top50', 'rest', 'rest', 'rest', 'rest', 'rest']],
    [6, [80, 80, 80, 80, 80, 70], ['top25', 'top25', 'top25', 'top25', 'top25', 'rest']],
  ])('ranks %i graded trainees into bands without naming anyone', async (_size, totals, bands) => {
    const students = totals.map((total, i) => ({
      id: `T${String(i + 1).padStart(2, '0')}`,
      name: `学员${i + 1}`,
      exam: total,
      case: total,
    }));
    const results = (await desired(students)).filter((m) => m.kind === 'result');
    expect(results.map((m) => (m.facts.kind === 'result' ? m.facts.rank : ''))).toEqual(bands);
  });
});

const policy: RetryPolicy = { holdMinutes: 60, ignoreHold: false, maxTries: 3 };
const message = (key: string): Feedback =>
  ({
    key,
    base: baseOf(key),
    kind: 'result',
    to: { name: 'A', address: 'a@bank.example' },
    traineeId: 'T1',
    courseId: 'C1',
    facts: {},
  }) as unknown as Feedback;
const entry = (key: string, fields: Partial<LogEntry>): LogEntry => ({
  key,
  kind: 'result',
  trainee_id: 'T1',
  course_id: 'C1',
  email: 'a@bank.example',
  subject: '',
  status: 'pending',
  first_seen_at: '2026-06-05T09:00:00+08:00',
  tries: 0,
  next_try_at: '',
  sent_at: '',
  message_id: '',
  provider_id: '',
  error: '',
  ...fields,
});
const log = (...entries: LogEntry[]) =>
  parseLog(
    gridToTable(
      FEEDBACK_LOG_TAB,
      gridOf(
        FEEDBACK_LOG_TAB,
        entries.map((entry) => entryRecord(entry)),
      ),
    ),
    'Asia/Shanghai',
  );

describe('reconciling with the log', () => {
  it.each([
    ['a new message waits for its hold', [message('r|1|a')], log(), 0, 1, ['pending']],
    [
      'a pending message past its hold is due',
      [message('r|1|a')],
      log(entry('r|1|a', { first_seen_at: '2026-06-05T08:59:00+08:00' })),
      1,
      0,
      ['pending'],
    ],
    [
      'a pending message inside its hold waits',
      [message('r|1|a')],
      log(entry('r|1|a', { first_seen_at: '2026-06-05T09:30:00+08:00' })),
      0,
      1,
      ['pending'],
    ],
    ['a sent message is never due again', [message('r|1|a')], log(entry('r|1|a', { status: 'sent' })), 0, 0, ['sent']],
    ['an unconfirmed message waits for staff', [message('r|1|a')], log(entry('r|1|a', { status: 'unconfirmed' })), 0, 0, ['unconfirmed']],
    [
      'a failed message is due after its backoff',
      [message('r|1|a')],
      log(entry('r|1|a', { status: 'failed', tries: 1, next_try_at: '2026-06-05T09:59:00+08:00' })),
      1,
      0,
      ['failed'],
    ],
    [
      'a failed message waits for its backoff',
      [message('r|1|a')],
      log(entry('r|1|a', { status: 'failed', tries: 1, next_try_at: '2026-06-05T10:05:00+08:00' })),
      0,
      0,
      ['failed'],
    ],
    [
      'a failed message out of tries waits for staff',
      [message('r|1|a')],
      log(entry('r|1|a', { status: 'failed', tries: 3 })),
      0,
      0,
      ['failed'],
    ],
    [
      'an interrupted send is settled even when its result moved on',
      [],
      log(entry('r|1|a', { status: 'queued', tries: 1 })),
      1,
      0,
      ['queued'],
    ],
    ['a pending message whose result moved on is dropped', [message('r|1|b')], log(entry('r|1|a', {})), 0, 1, ['pending']],
    [
      'a row staff blanked the status of counts as pending',
      [message('r|1|a')],
      log(entry('r|1|a', { status: '' as LogEntry['status'] })),
      1,
      0,
      ['pending'],
    ],
  ] as [string, Feedback[], ReturnType<typeof parseLog>, number, number, string[]][])(
    '%s',
    (_name, wanted, current, due, held, statuses) => {
      const result = reconcile(wanted, current, NOW, policy);
      expect(result.due).toHaveLength(due);
      expect(result.held).toBe(held);
      expect(result.entries.map((e) => e.status)).toEqual(statuses);
    },
  );

  it('marks a new result under a sent base as a correction', () => {
    const result = reconcile([message('r|1|b')], log(entry('r|1|a', { status: 'sent' })), NOW, { ...policy, holdMinutes: 0 });
    expect(result.due.map((d) => [d.entry.key, d.correction])).toEqual([['r|1|b', true]]);
    expect(result.entries.map((e) => e.key)).toEqual(['r|1|a', 'r|1|b']);
  });

  it('keeps rows it cannot read and never sends their keys', () => {
    const table = gridToTable(FEEDBACK_LOG_TAB, gridOf(FEEDBACK_LOG_TAB, [{ ...entryRecord(entry('r|1|a', {})), status: '已人工处理' }]));
    const current = parseLog(table, 'Asia/Shanghai');
    expect(current.opaque).toHaveLength(1);
    expect(reconcile([message('r|1|a')], current, NOW, { ...policy, holdMinutes: 0 }).due).toEqual([]);
  });

  it('counts what went out in the last 24 hours', () => {
    const entries = [
      entry('a', { status: 'sent', sent_at: '2026-06-04T10:30:00+08:00' }),
      entry('b', { status: 'sent', sent_at: '2026-06-04T09:30:00+08:00' }),
      entry('c', { status: 'failed', sent_at: '' }),
    ];
    expect(sentInLastDay(entries, NOW)).toBe(1);
  });
});

describe('the retry backoff', () => {
  it.each([
    [1, 0.5, 5],
    [2, 0.5, 10],
    [3, 0.5, 20],
    [7, 0.5, 320],
    [8, 0.5, 360],
    [20, 0.5, 360],
    [1, 0, 4],
    [1, 1, 6],
  ])('after try %i with jitter %f waits %f minutes', (tries, random, minutes) => {
    expect(retryDelayMinutes(tries, random)).toBeCloseTo(minutes);
  });
});
