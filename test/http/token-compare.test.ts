// Token comparison hands timingSafeEqual two 32-byte digests, whatever was guessed: neither time nor an early exit tells the length.
import type * as Crypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';

const compared: [number, number][] = [];

vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof Crypto>();
  return {
    ...crypto,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compared.push([a.byteLength, b.byteLength]);
      return crypto.timingSafeEqual(a, b);
    },
  };
});

const { tokenMatches } = await import('../../functions/src/http/auth.js');

afterEach(() => {
  compared.length = 0;
});

const TOKEN = 'compare-token-0123456789abcdef';

describe('tokenMatches', () => {
  it.each([
    { name: 'the token', given: TOKEN, matches: true },
    { name: 'an empty guess', given: '', matches: false },
    { name: 'a one-character guess', given: 'c', matches: false },
    { name: 'the right length, wrong', given: 'x'.repeat(TOKEN.length), matches: false },
    { name: 'a prefix', given: TOKEN.slice(0, 10), matches: false },
    { name: 'a megabyte', given: 'y'.repeat(1024 * 1024), matches: false },
    { name: 'the token with a multi-byte character', given: `${TOKEN.slice(0, -1)}é`, matches: false },
  ])('$name: compares two 32-byte digests once and answers $matches', ({ given, matches }) => {
    expect(tokenMatches(given, TOKEN)).toBe(matches);
    expect(compared).toEqual([[32, 32]]);
  });
});
