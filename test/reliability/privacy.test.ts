// Feedback across the sample year: no trainee's message names another trainee or shows another's total; logs carry no personal data.
import { simpleParser, type AddressObject } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_TABS, SETTINGS_TAB } from '../../sheets-templates/index.js';
import { memoryLogger } from '../../functions/src/adapters/json-logger.js';
import { MemorySheetStore } from '../../functions/src/adapters/store/memory-store.js';
import { fixedClock } from '../../functions/src/adapters/system-clock.js';
import { createApp } from '../../functions/src/app.js';
import type { Cell } from '../../functions/src/core/cells.js';
import { recompute } from '../../functions/src/core/grading/recompute.js';
import { readSourceRows, SOURCE_TAB_NAMES } from '../../functions/src/core/source-data.js';
import { loadConfig } from '../../functions/src/config.js';
import { sampleRows } from '../../functions/src/provision/sample-data.js';
import { RecordingMailer } from '../fixtures/feedback-world.js';
import { gridOf, settingsGrid } from '../fixtures/world.js';
import { expectLogsFreeOfPersonalData, personalData, reportFigures, serveHttp } from './storm.js';

const ADMIN_TOKEN = 'reliability-admin-0123456789';

/** The sample year on its default "today", a Monday, so the leaders' weekly digest is due as well. */
const TODAY = '2026-11-23T10:00:00+08:00';
const LEADER = 'training-lead@bank.example';
const clock = fixedClock(TODAY);
const rows = sampleRows();
const roster = (rows.get('Roster') ?? []).map((row) => ({
  id: String(row['trainee_id']),
  name: String(row['name']),
  email: String(row['email']),
}));
const people = [...new Map(roster.map((person) => [person.id, person])).values()];
const mailer = new RecordingMailer();
const logger = memoryLogger();
let server: Awaited<ReturnType<typeof serveHttp>>;
let store: MemorySheetStore;

/** Decimal numbers as messages print totals ("85.0"). */
const decimals = (text: string) => new Set(text.match(/\d+\.\d+/g) ?? []);

interface Message {
  readonly to: string;
  readonly parts: readonly string[];
}

beforeAll(async () => {
  store = new MemorySheetStore();
  for (const [name, records] of rows) {
    const tab = ALL_TABS.find((candidate) => candidate.name === name);
    if (tab) store.setGrid(name, gridOf(tab, records as Record<string, Cell>[]));
  }
  store.setGrid(SETTINGS_TAB.name, settingsGrid({ leader_emails: LEADER, leader_digest_weekday: '1' }));
  const config = loadConfig({
    STORE: 'memory',
    RECOMPUTE_ON_SUBMIT: 'off',
    FEEDBACK_AFTER_RECOMPUTE: 'off',
    ADMIN_TOKEN,
    MAIL_FROM: '培训中心 <training@bank.example>',
  });
  server = await serveHttp(createApp(config, { store, clock, logger, mailer }).handler);
});

afterAll(() => server.close());

const sendFeedback = async (body: Record<string, unknown>) => {
  const response = await fetch(`${server.base}/feedback/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { sent: number; preview?: { key: string; to: string; subject: string; text: string }[] };
};

/** Every trainee's own numbers: totals, parts, attendance, scores; and the numbers of the plan and rules everyone shares. */
async function ownNumbers(): Promise<{ own: Map<string, Set<string>>; totals: Map<string, Set<string>>; shared: Set<string> }> {
  const source = readSourceRows(await store.read(SOURCE_TAB_NAMES));
  const result = recompute(source, clock.now());
  const own = new Map<string, Set<string>>();
  const totals = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, id: string, value: number | null) => {
    if (value === null) return;
    const set = map.get(id) ?? new Set<string>();
    for (const digits of [1, 2]) set.add(value.toFixed(digits));
    map.set(id, set);
  };
  for (const grade of result.grades) {
    for (const value of [grade.total, grade.theory, grade.practice, grade.attendance_rate * 100]) add(own, grade.trainee_id, value);
    add(totals, grade.trainee_id, grade.total);
  }
  for (const score of source.scores) add(own, score.trainee_id, score.score);
  const shared = new Set<string>();
  for (const record of [...(rows.get('Plan') ?? [])])
    for (const value of Object.values(record))
      if (typeof value === 'number') for (const digits of [1, 2]) shared.add(value.toFixed(digits));
  return { own, totals, shared };
}

/** What a message to `to` may not contain: any other trainee's name, e-mail or id, or another's total that is not also one of its own numbers. */
function leaks(message: Message, numbers: Awaited<ReturnType<typeof ownNumbers>>): string[] {
  const recipient = people.find((person) => person.email === message.to);
  const found: string[] = [];
  for (const other of people) {
    if (other.id === recipient?.id) continue;
    for (const part of message.parts) {
      for (const value of [other.name, other.email, other.id]) if (part.includes(value)) found.push(`${value} (of ${other.id})`);
    }
  }
  if (recipient) {
    const allowed = new Set([...(numbers.own.get(recipient.id) ?? []), ...numbers.shared]);
    for (const part of message.parts) {
      for (const token of decimals(part)) {
        if (allowed.has(token)) continue;
        for (const [id, totals] of numbers.totals) if (id !== recipient.id && totals.has(token)) found.push(`total ${token} (of ${id})`);
      }
    }
  }
  return found;
}

describe('feedback across the sample year', () => {
  it(
    "never shows a trainee another trainee's name, e-mail, id or total; the digest names no trainee at all",
    { timeout: 60_000 },
    async () => {
      const numbers = await ownNumbers();
      // The check itself sees a leak when there is one: a classmate named, and a classmate's total the recipient does not share.
      const [first, second] = people;
      const foreign = [...numbers.totals]
        .flatMap(([id, totals]) => (id === first?.id ? [] : [...totals]))
        .find((total) => !numbers.own.get(first?.id ?? '')?.has(total) && !numbers.shared.has(total));
      const seen = leaks({ to: first?.email ?? '', parts: [`${second?.name ?? ''}，总评 ${foreign ?? ''} 分`] }, numbers);
      expect(seen).toContain(`${second?.name ?? ''} (of ${second?.id ?? ''})`);
      expect(seen.some((leak) => leak.startsWith(`total ${foreign ?? 'none'} `))).toBe(true);

      const dryRun = await sendFeedback({ dryRun: true, sendNow: true });
      const previews = dryRun.preview ?? [];
      expect(previews.length).toBeGreaterThan(100);
      expect(previews.filter((preview) => preview.to === LEADER)).toHaveLength(1);
      for (const preview of previews)
        expect(leaks({ to: preview.to, parts: [preview.subject, preview.text] }, numbers), preview.key).toEqual([]);

      // The messages as sent: every header and both bodies of the MIME bytes, read back by a mail parser.
      const report = await sendFeedback({ sendNow: true });
      expect(report.sent).toBe(previews.length);
      for (const mail of mailer.delivered) {
        const parsed = await simpleParser(mail.raw);
        const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((entry: AddressObject) =>
          entry.value.map((address) => address.address ?? ''),
        );
        expect(to).toEqual([mail.to.address]);
        const headers = [...parsed.headers.entries()]
          .map(([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
          .join('\n');
        expect(
          leaks(
            {
              to: mail.to.address,
              parts: [headers, parsed.subject ?? '', parsed.text ?? '', typeof parsed.html === 'string' ? parsed.html : ''],
            },
            numbers,
          ),
          mail.key,
        ).toEqual([]);
      }

      // The two runs' logs: keys and counts, nobody's name or e-mail, no score.
      expectLogsFreeOfPersonalData(logger.lines, personalData(roster));
      reportFigures('privacy', {
        trainees: people.length,
        messagesChecked: previews.length + mailer.delivered.length,
        digests: previews.filter((preview) => preview.to === LEADER).length,
      });
    },
  );
});
