// Taking an entry in: envelope or junk, the submittedAt window, what Rejected keeps of a body, which time dates a Roster row.
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ROSTER_TAB, SCORES_TAB } from '../../sheets-templates/index.js';
import {
  carriesEnvelope,
  EXCERPT_CHARS,
  rejectedRaw,
  stampReceived,
  submittedAtProblems,
  submittedAtWindow,
} from '../../functions/src/core/intake.js';
import { renderProblems } from '../../functions/src/core/problems.js';

const ZONE = 'Asia/Shanghai';
const NOW = DateTime.fromISO('2026-06-15T10:00:00+08:00', { setZone: true });

describe('carriesEnvelope', () => {
  it.each([
    { name: 'a whole submission', body: { id: 'a', kind: 'score', submittedAt: 'x', answers: {} }, carries: true },
    { name: 'only an id (a broken submission, kept in Rejected)', body: { id: 'a' }, carries: true },
    { name: 'only answers', body: { answers: { score: 1 } }, carries: true },
    { name: 'an empty object', body: {}, carries: false },
    { name: 'junk keys', body: { junk: 'x'.repeat(100), name: '张伟' }, carries: false },
    { name: 'an id only on the prototype chain', body: Object.create({ id: 'a' }) as Record<string, unknown>, carries: false },
  ])('$name → $carries', ({ body, carries }) => {
    expect(carriesEnvelope(body)).toBe(carries);
  });
});

describe('submittedAtWindow and submittedAtProblems', () => {
  const starts = ['2026-03-02', '2026-06-01', '2027-01-10'];

  it('runs from the start of the year before the Plan’s first year to a day after now', () => {
    const window = submittedAtWindow(starts, NOW, ZONE);
    expect(window.from.toISO()).toBe('2025-01-01T00:00:00.000+08:00');
    expect(window.to.toISO()).toBe('2026-06-16T10:00:00.000+08:00');
  });

  it('takes this year as the plan year when the Plan is empty or unreadable', () => {
    expect(submittedAtWindow([], NOW, ZONE).from.toISODate()).toBe('2025-01-01');
    expect(submittedAtWindow(['', 'soon'], NOW, ZONE).from.toISODate()).toBe('2025-01-01');
  });

  it.each([
    { name: 'in the plan year', at: '2026-06-15T09:00:00+08:00', refused: false },
    { name: 'at the very start of the window', at: '2025-01-01T00:00:00+08:00', refused: false },
    { name: 'a second before it', at: '2024-12-31T23:59:59+08:00', refused: true },
    { name: 'the year 2000, to sort first', at: '2000-01-01T00:00:00+08:00', refused: true },
    { name: 'a clock a few hours ahead', at: '2026-06-15T20:00:00+08:00', refused: false },
    { name: 'exactly a day ahead', at: '2026-06-16T02:00:00Z', refused: false },
    { name: 'a second more than a day ahead', at: '2026-06-16T02:00:01Z', refused: true },
    { name: 'the year 9999', at: '9999-12-31T23:59:59Z', refused: true },
  ])('$name: refused $refused', ({ at, refused }) => {
    const problems = submittedAtProblems(at, submittedAtWindow(starts, NOW, ZONE), ZONE);
    expect(problems.length > 0).toBe(refused);
  });

  it('says the window in both languages, in the zone of the Settings', () => {
    const problems = submittedAtProblems('2000-01-01T00:00:00+08:00', submittedAtWindow(starts, NOW, ZONE), ZONE);
    expect(renderProblems(problems, 'zh-CN')).toEqual([
      {
        field: 'submittedAt',
        message: '提交时间：必须在 2025-01-01 00:00 至 2026-06-16 10:00 之间（不早于培训计划年度的上一年年初，不晚于当前时间后一天）',
      },
    ]);
    expect(renderProblems(problems, 'en')[0]?.message).toBe(
      'Submitted at must be between 2025-01-01 00:00 and 2026-06-16 10:00 (no earlier than the start of the year before the plan year, no later than a day from now)',
    );
  });
});

describe('rejectedRaw', () => {
  const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

  it.each([
    { name: 'a small body is kept whole', raw: '{"id":"a"}', kept: '{"id":"a"}' },
    { name: 'a 60 KB body keeps its first 2,000 characters', raw: `{"x":"${'a'.repeat(60_000)}"}`, kept: `{"x":"${'a'.repeat(1994)} …` },
    { name: 'characters, not bytes, are counted', raw: '张'.repeat(2500), kept: `${'张'.repeat(2000)} …` },
    { name: 'an emoji is not cut in half', raw: `${'a'.repeat(1999)}😀😀`, kept: `${'a'.repeat(1999)}😀 …` },
    { name: 'control characters a workbook cannot hold', raw: 'a\u0000b\u0007c\td\ne', kept: 'a\ufffdb\ufffdc\td\ne' },
    { name: 'a lone surrogate', raw: 'a\ud800b', kept: 'a\ufffdb' },
  ])('$name', ({ raw, kept }) => {
    expect(rejectedRaw(raw)).toBe(`${kept} [${Buffer.byteLength(raw)} bytes, sha256 ${hash(raw)}]`);
  });

  it('stays near 2 KB of text whatever the body, and tells two bodies with one beginning apart', () => {
    const a = rejectedRaw(`${'x'.repeat(EXCERPT_CHARS)}a`);
    const b = rejectedRaw(`${'x'.repeat(EXCERPT_CHARS)}b`);
    expect(a).not.toBe(b);
    expect(rejectedRaw(Buffer.from('y'.repeat(10_000_000))).length).toBeLessThan(EXCERPT_CHARS + 60);
  });

  it('reads bytes as UTF-8, as they arrived', () => {
    const raw = Buffer.from('{"name":"张伟"}');
    expect(rejectedRaw(raw)).toBe(
      `{"name":"张伟"} [${raw.length} bytes, sha256 ${createHash('sha256').update(raw).digest('hex').slice(0, 16)}]`,
    );
  });
});

describe('stampReceived', () => {
  const received = DateTime.fromISO('2026-06-15T02:00:05.250Z');

  it.each([
    {
      name: 'a Roster row gets the receive time',
      tab: ROSTER_TAB,
      submitted: '2000-01-01T00:00:00+08:00',
      stored: '2026-06-15T10:00:05.250+08:00',
    },
    {
      name: 'a Scores row keeps the time the form was answered',
      tab: SCORES_TAB,
      submitted: '2026-06-15T09:00:00+08:00',
      stored: '2026-06-15T09:00:00+08:00',
    },
  ])('$name', ({ tab, submitted, stored }) => {
    const row = { trainee_id: 'T001', submitted_at: submitted };
    expect(stampReceived(tab, row, received, ZONE)).toEqual({ trainee_id: 'T001', submitted_at: stored });
    expect(row.submitted_at).toBe(submitted);
  });
});
