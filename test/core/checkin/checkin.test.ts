// The pure parts of QR check-in: signing and verifying a link, the session schedule and its windows, the page's escaping.
import { describe, expect, it } from 'vitest';
import { SESSIONS_TAB } from '../../../sheets-templates/index.js';
import { checkinEnvelope } from '../../../functions/src/core/checkin/entry.js';
import { html } from '../../../functions/src/core/checkin/html.js';
import { checkinFormPage } from '../../../functions/src/core/checkin/page.js';
import { parseSchedule, sessionClaim } from '../../../functions/src/core/checkin/schedule.js';
import { checkinCode, checkinQuery, codeParams, verifyCheckin, type CheckinClaim } from '../../../functions/src/core/checkin/token.js';
import { DateTime } from 'luxon';

const SECRET = 'unit-test-secret-0123456789abcdefghijklmn';
const CLAIM: CheckinClaim = { course: 'C-PRO-CORP', session: 3, nbf: 1_781_483_400, exp: 1_781_497_800 };
const params = () => Object.fromEntries(checkinQuery(CLAIM, SECRET));

describe('verifyCheckin', () => {
  it.each([
    { name: 'at the opening second', at: CLAIM.nbf * 1000, expected: { ok: true } },
    { name: 'at the closing second', at: CLAIM.exp * 1000, expected: { ok: true } },
    { name: 'a second before it opens', at: CLAIM.nbf * 1000 - 1000, expected: { ok: false, reason: 'not_yet_open' } },
    { name: 'a second after it closes', at: CLAIM.exp * 1000 + 1000, expected: { ok: false, reason: 'closed' } },
  ])('judges a genuine link $name', ({ at, expected }) => {
    expect(verifyCheckin(params(), SECRET, at)).toMatchObject(expected);
  });

  const inside = (CLAIM.nbf + 60) * 1000;
  it.each([
    { name: 'another key', change: { sig: checkinQuery(CLAIM, `${SECRET}x`).get('sig') ?? '' }, reason: 'bad_signature' },
    { name: 'another session', change: { session: '4' }, reason: 'bad_signature' },
    { name: 'a later end', change: { exp: String(CLAIM.exp + 3600) }, reason: 'bad_signature' },
    { name: 'an earlier start', change: { nbf: String(CLAIM.nbf - 86_400) }, reason: 'bad_signature' },
    { name: 'a signature cut short', change: { sig: (checkinQuery(CLAIM, SECRET).get('sig') ?? '').slice(0, 42) }, reason: 'malformed' },
    { name: 'no signature', change: { sig: undefined }, reason: 'malformed' },
    { name: 'a session that is no number', change: { session: '3a' }, reason: 'malformed' },
    { name: 'a negative start', change: { nbf: '-5' }, reason: 'malformed' },
    { name: 'no course', change: { course: ' ' }, reason: 'malformed' },
  ])('refuses a link with $name as $reason', ({ change, reason }) => {
    expect(verifyCheckin({ ...params(), ...change }, SECRET, inside)).toEqual({ ok: false, reason });
  });

  it('accepts the course id as people may type it (full-width, lower case)', () => {
    expect(verifyCheckin({ ...params(), course: 'ｃ-pro-corp' }, SECRET, inside)).toMatchObject({ ok: true });
  });

  it('reads a form check-in code back with the course and session answered beside it', () => {
    const code = checkinCode(CLAIM, SECRET);
    expect(code).toMatch(/^\d+\.\d+\.[\w-]{43}$/);
    expect(verifyCheckin(codeParams(code, 'C-PRO-CORP', '3'), SECRET, inside)).toMatchObject({ ok: true });
    expect(verifyCheckin(codeParams(code, 'C-PRO-CORP', '2'), SECRET, inside)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyCheckin(codeParams(`${code}.1`, 'C-PRO-CORP', '3'), SECRET, inside)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('the Sessions tab', () => {
  const row = (values: Record<string, string | number>, rowNumber: number) => ({ rowNumber, values });
  const table = {
    tab: SESSIONS_TAB.name,
    rows: [
      row({ course_id: 'c-pro-corp', session: 2, starts_at: '2026-06-15 09:00', ends_at: '2026-06-15 12:00', room: '301' }, 2),
      row({ course_id: 'C-PRO-CORP', session: 1, starts_at: '2026/6/14 9:00', ends_at: '2026/6/14 11:30' }, 3),
      row({ course_id: 'C-PRO-CORP', session: 2, starts_at: '2026-06-16 09:00', ends_at: '2026-06-16 12:00' }, 4),
      row({ course_id: 'C-PRO-CORP', session: 5, starts_at: '2026-06-17 12:00', ends_at: '2026-06-17 09:00' }, 5),
      row({ course_id: 'C-PRO-CORP', session: 6, starts_at: '下午两点', ends_at: '2026-06-17 17:00' }, 6),
    ],
  };

  it('reads times in the Settings zone, folds course ids, orders by session and lists what it cannot use', () => {
    const schedule = parseSchedule(table, 'Asia/Shanghai');
    expect(schedule.sessions.map((s) => [s.course_id, s.session, s.starts_at, s.ends_at])).toEqual([
      ['C-PRO-CORP', 1, '2026-06-14T09:00:00+08:00', '2026-06-14T11:30:00+08:00'],
      ['C-PRO-CORP', 2, '2026-06-15T09:00:00+08:00', '2026-06-15T12:00:00+08:00'],
    ]);
    expect(schedule.invalid.map((bad) => [bad.rowNumber, bad.problems.map((p) => `${p.field}:${p.rule}`)])).toEqual([
      [4, ['session:already_recorded']],
      [5, ['ends_at:ends_before_start']],
      [6, ['starts_at:not_datetime']],
    ]);
  });

  it.each([
    { name: 'inside the course dates', start: '2026-06-14', end: '2026-06-15', outside: [], kept: 2 },
    { name: 'after the course ends', start: '2026-06-01', end: '2026-06-14', outside: [2, 4], kept: 1 },
    { name: 'before the course starts', start: '2026-06-15', end: '2026-06-30', outside: [3], kept: 1 },
    { name: 'a course not in the Plan', start: '', end: '', outside: [], kept: 2, course: 'C-OTHER' },
  ])('lists a session dated outside its course ($name), since Attendance refuses that date', ({ start, end, outside, kept, course }) => {
    const schedule = parseSchedule(table, 'Asia/Shanghai', [{ course_id: course ?? 'C-PRO-CORP', start_date: start, end_date: end }]);
    const refused = schedule.invalid.filter((bad) => bad.problems.some((p) => p.rule === 'date_outside_course'));
    expect(refused.map((bad) => bad.rowNumber)).toEqual(outside);
    expect(refused.flatMap((bad) => bad.problems)).toEqual(
      outside.map(() => ({ field: 'starts_at', rule: 'date_outside_course', params: { start, end } })),
    );
    expect(schedule.sessions).toHaveLength(kept);
  });

  it.each([
    { name: 'the default margins', before: 30, after: 30, opens: '08:30', closes: '12:30' },
    { name: 'no margins', before: 0, after: 0, opens: '09:00', closes: '12:00' },
    { name: 'a long lead', before: 120, after: 15, opens: '07:00', closes: '12:15' },
  ])('gives a session its window with $name', ({ before, after, opens, closes }) => {
    const session = parseSchedule(table, 'Asia/Shanghai').sessions[1];
    if (session === undefined) throw new Error('no session');
    const claim = sessionClaim(session, { checkin_open_minutes_before: before, checkin_close_minutes_after: after });
    const time = (seconds: number) => DateTime.fromSeconds(seconds, { zone: 'Asia/Shanghai' }).toFormat('HH:mm');
    expect([time(claim.nbf), time(claim.exp)]).toEqual([opens, closes]);
  });

  it('makes one submission id per trainee and session, whatever the spelling of the id', () => {
    const session = { course_id: 'C-PRO-CORP', session: 3, starts_at: '2026-06-15T09:00:00+08:00', ends_at: '2026-06-15T12:00:00+08:00' };
    const at = DateTime.fromISO('2026-06-15T09:03:00+08:00');
    const ids = ['T002', ' t002', 'Ｔ００２'].map((typed) => checkinEnvelope(CLAIM, typed, session, at, 'Asia/Shanghai')['id']);
    expect(new Set(ids)).toEqual(new Set(['checkin:C-PRO-CORP:3:T002']));
  });
});

describe('the page', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    expect(html`<p title="${'"><script>'}">${'<img src=x onerror=alert(1)>'}</p>`.markup).toBe(
      '<p title="&quot;&gt;&lt;script&gt;">&lt;img src=x onerror=alert(1)&gt;</p>',
    );
  });

  it('carries the link back in hidden fields, escaped, and no script', () => {
    const page = checkinFormPage(
      { courseId: 'C1', courseTitle: '</title><script>x</script>', session: 1, when: '2026-06-15 09:00–12:00' },
      { course: 'C1', sig: '"onfocus="x' },
    );
    expect(page).toContain('<input type="hidden" name="sig" value="&quot;onfocus=&quot;x" />');
    expect(page).not.toMatch(/<script/i);
  });
});
