// The CJK font PDFs embed is found, and is a TrueType font with the glyphs a certificate needs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cjkFontFiles } from '../../../functions/src/adapters/pdf/cjk-font.js';

describe('cjkFontFiles', () => {
  it.each(['regular', 'bold'] as const)('finds the %s TrueType file', (weight) => {
    const head = readFileSync(cjkFontFiles()[weight]).subarray(0, 4);
    expect(head.toString('hex')).toBe('00010000');
  });
});
