// The store rules the memory, xlsx and Sheets stores share: known tabs, replaceable tabs, uniqueBy.
import { describe, expect, it } from 'vitest';
import { admitUnique, TabCatalog, uniqueText } from '../../../functions/src/adapters/store/store-rules.js';
import { StoreError } from '../../../functions/src/ports.js';

describe('TabCatalog', () => {
  const catalog = new TabCatalog();

  it.each([
    ['a tab no template defines', () => catalog.definition('Nope'), 'UNKNOWN_TAB'],
    ['replacing a source tab', () => catalog.replaceable('Scores'), 'SOURCE_TAB'],
    ['replacing an unknown tab', () => catalog.replaceable('Nope'), 'UNKNOWN_TAB'],
  ])('refuses %s', (_name, call, code) => {
    expect(call).toThrow(StoreError);
    expect(() => call()).toThrow(expect.objectContaining({ code }) as Error);
  });

  it('lets a derived tab be replaced', () => {
    expect(catalog.replaceable('Grades').role).toBe('derived');
  });
});

describe('admitUnique', () => {
  const rows = [{ id: 'a' }, { id: ' b ' }, { id: 'a' }, { id: '' }, { id: null }, { id: 'c' }];

  it.each([
    { name: 'without uniqueBy writes everything', uniqueBy: undefined, present: ['a'], write: 6, skipped: [] },
    { name: 'skips values present and repeated within the call', uniqueBy: 'id', present: ['c'], write: 4, skipped: ['a', 'c'] },
    { name: 'never skips a blank value', uniqueBy: 'id', present: [''], write: 5, skipped: ['a'] },
  ])('$name', ({ uniqueBy, present, write, skipped }) => {
    const set = new Set(present);
    const admitted = admitUnique(rows, uniqueBy, set);
    expect(admitted.write).toHaveLength(write);
    expect(admitted.skipped).toEqual(skipped);
  });

  it('reserves what it admits, so a second append judged on the same set is skipped', () => {
    const present = new Set<string>();
    admitUnique([{ id: 'x' }], 'id', present);
    expect(admitUnique([{ id: ' x' }], 'id', present).skipped).toEqual(['x']);
  });

  it.each([
    [null, ''],
    ['  ', ''],
    [' a ', 'a'],
    [12, '12'],
    [false, 'false'],
  ])('compares %j as %j', (value, text) => {
    expect(uniqueText(value)).toBe(text);
  });
});
