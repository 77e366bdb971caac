// Instant keys keep the Forms API's nanoseconds, so checkpoints compare exactly; shown in the Settings zone.
import { describe, expect, it } from 'vitest';
import { instantInZone, instantKey, laterKey, type InstantKey } from '../../functions/src/core/rfc3339.js';

describe('instantKey', () => {
  it.each([
    { name: 'Zulu with nanoseconds', text: '2026-06-15T01:00:00.123456789Z', key: '2026-06-15T01:00:00.123456789Z' },
    { name: 'Zulu with microseconds', text: '2026-06-15T01:00:00.123456Z', key: '2026-06-15T01:00:00.123456000Z' },
    { name: 'Zulu without a fraction', text: '2026-06-15T01:00:00Z', key: '2026-06-15T01:00:00.000000000Z' },
    { name: 'lower-case z', text: '2026-06-15T01:00:00.5z', key: '2026-06-15T01:00:00.500000000Z' },
    { name: 'Shanghai offset, fraction kept', text: '2026-06-15T09:00:00.123456+08:00', key: '2026-06-15T01:00:00.123456000Z' },
    { name: 'offset without a colon', text: '2026-06-15T09:00:00+0800', key: '2026-06-15T01:00:00.000000000Z' },
    { name: 'offset across midnight', text: '2026-06-15T03:30:00-05:00', key: '2026-06-15T08:30:00.000000000Z' },
    { name: 'a space for the T, as people type it', text: '2026-06-15 09:00:00+08:00', key: '2026-06-15T01:00:00.000000000Z' },
    { name: 'surrounding spaces', text: '  2026-06-15T01:00:00Z ', key: '2026-06-15T01:00:00.000000000Z' },
  ])('$name', ({ text, key }) => {
    expect(instantKey(text)).toBe(key);
  });

  it.each([
    { name: 'no offset (its zone is unknown)', text: '2026-06-15T09:00:00' },
    { name: 'a date only', text: '2026-06-15' },
    { name: 'ten fractional digits', text: '2026-06-15T01:00:00.1234567891Z' },
    { name: 'a month 13', text: '2026-13-15T01:00:00Z' },
    { name: 'text', text: 'yesterday' },
    { name: 'empty', text: '' },
  ])('refuses $name', ({ text }) => {
    expect(instantKey(text)).toBeUndefined();
  });

  it('orders keys like the instants, below the millisecond and across offsets', () => {
    const texts = [
      '2026-06-15T09:00:00.000000002+08:00',
      '2026-06-15T01:00:00.000000001Z',
      '2026-06-15T01:00:00.0000001Z',
      '2026-06-14T23:00:00.9Z',
    ];
    const keys = texts.map((text) => instantKey(text) as InstantKey);
    expect([...keys].sort()).toEqual([keys[3], keys[1], keys[0], keys[2]]);
  });
});

describe('instantInZone', () => {
  it.each([
    {
      name: 'Shanghai keeps the microseconds',
      key: '2026-06-15T01:00:00.123456000Z',
      zone: 'Asia/Shanghai',
      shown: '2026-06-15T09:00:00.123456+08:00',
    },
    {
      name: 'whole seconds show no fraction',
      key: '2026-06-15T01:00:00.000000000Z',
      zone: 'Asia/Shanghai',
      shown: '2026-06-15T09:00:00+08:00',
    },
    { name: 'UTC shows Z', key: '2026-06-15T01:00:00.5Z', zone: 'UTC', shown: '2026-06-15T01:00:00.5Z' },
    { name: 'a date change', key: '2026-06-15T20:00:00.000000001Z', zone: 'Asia/Shanghai', shown: '2026-06-16T04:00:00.000000001+08:00' },
  ])('$name', ({ key, zone, shown }) => {
    const parsed = instantKey(key) as InstantKey;
    expect(instantInZone(parsed, zone)).toBe(shown);
    // What the Forms tab shows reads back to the same key: a checkpoint never drifts.
    expect(instantKey(instantInZone(parsed, zone))).toBe(parsed);
  });
});

describe('laterKey', () => {
  const a = instantKey('2026-06-15T01:00:00.000000001Z');
  const b = instantKey('2026-06-15T01:00:00.000000002Z');
  it.each([
    { name: 'the later of two', x: a, y: b, later: b },
    { name: 'in either order', x: b, y: a, later: b },
    { name: 'one missing', x: undefined, y: a, later: a },
    { name: 'both missing', x: undefined, y: undefined, later: undefined },
  ])('$name', ({ x, y, later }) => {
    expect(laterKey(x, y)).toBe(later);
  });
});
