// The Summary tab carries its last-updated time once, in the headline row.
import { describe, expect, it } from 'vitest';
import { stampHeadlineOnly } from '../../functions/src/jobs/recompute.js';

describe('stampHeadlineOnly', () => {
  it.each([
    { name: 'no rows stay none', rows: [], stamps: [] },
    { name: 'the headline alone keeps its time', rows: [{ item: '全部', updated_at: 't' }], stamps: ['t'] },
    {
      name: 'every row after the headline is blank',
      rows: [
        { item: '全部', updated_at: 't' },
        { item: 'C1', updated_at: 't' },
        { item: '北京分行', updated_at: 't' },
      ],
      stamps: ['t', null, null],
    },
  ])('$name', ({ rows, stamps }) => {
    expect(stampHeadlineOnly(rows).map((row) => row['updated_at'])).toEqual(stamps);
  });

  it('changes nothing else', () => {
    expect(
      stampHeadlineOnly([
        { item: '全部', updated_at: 't' },
        { item: 'C1', pass_rate: 0.5, updated_at: 't' },
      ])[1],
    ).toEqual({
      item: 'C1',
      pass_rate: 0.5,
      updated_at: null,
    });
  });
});
