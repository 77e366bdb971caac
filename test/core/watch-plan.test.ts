// The renewal decision per form: create, renew (expiring within 48 hours or suspended) or keep.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { planWatch, RENEW_WITHIN_HOURS, type WatchInfo } from '../../functions/src/core/watch-plan.js';

const TOPIC = 'projects/training-prj/topics/forms-watch';
const NOW = DateTime.fromISO('2026-06-15T02:00:00Z', { zone: 'utc' });
const inHours = (hours: number) => NOW.plus({ hours }).toISO() as string;
const watch = (id: string, expiresInHours: number, extra: Partial<WatchInfo> = {}): WatchInfo => ({
  id,
  eventType: 'RESPONSES',
  target: { topic: { topicName: TOPIC } },
  state: 'ACTIVE',
  expireTime: inHours(expiresInHours),
  ...extra,
});

describe('planWatch', () => {
  it.each([
    { name: 'no watch: create one', watches: [], expected: { action: 'create' } },
    {
      name: 'a watch with six days left: keep it',
      watches: [watch('w1', 144)],
      expected: { action: 'keep', watchId: 'w1', expireTime: inHours(144) },
    },
    {
      name: 'a watch with 49 hours left: keep it',
      watches: [watch('w1', 49)],
      expected: { action: 'keep', watchId: 'w1', expireTime: inHours(49) },
    },
    {
      name: 'a watch with exactly 48 hours left: renew it',
      watches: [watch('w1', 48)],
      expected: { action: 'renew', watchId: 'w1', reason: 'expiring' },
    },
    {
      name: 'a watch with one hour left: renew it',
      watches: [watch('w1', 1)],
      expected: { action: 'renew', watchId: 'w1', reason: 'expiring' },
    },
    {
      name: 'a suspended watch with days left: renew it (that clears its error)',
      watches: [watch('w1', 100, { state: 'SUSPENDED', errorType: 'PROJECT_NOT_AUTHORIZED' } as Partial<WatchInfo>)],
      expected: { action: 'renew', watchId: 'w1', reason: 'suspended' },
    },
    { name: 'a watch already expired: create a new one', watches: [watch('w1', -1)], expected: { action: 'create' } },
    {
      name: 'a watch without an expiry: create a new one',
      watches: [watch('w1', 10, { expireTime: null })],
      expected: { action: 'create' },
    },
    {
      name: 'only a SCHEMA watch: create a RESPONSES one',
      watches: [watch('w1', 100, { eventType: 'SCHEMA' })],
      expected: { action: 'create' },
    },
    {
      name: "only a watch on someone else's topic: create ours",
      watches: [watch('w1', 100, { target: { topic: { topicName: 'projects/other/topics/t' } } })],
      expected: { action: 'create' },
    },
    {
      name: 'two of ours: the one that lasts longest counts',
      watches: [watch('w1', 10), watch('w2', 120)],
      expected: { action: 'keep', watchId: 'w2', expireTime: inHours(120) },
    },
    { name: 'a watch without an id is not ours to renew', watches: [watch('', 100)], expected: { action: 'create' } },
  ])('$name', ({ watches, expected }) => {
    expect(planWatch(watches, TOPIC, NOW)).toEqual(expected);
  });

  it('leaves two daily runs before a seven-day watch expires', () => {
    expect(RENEW_WITHIN_HOURS).toBeGreaterThanOrEqual(2 * 24);
    expect(RENEW_WITHIN_HOURS).toBeLessThan(7 * 24);
  });
});
