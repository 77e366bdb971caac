// Text a workbook can hold: what is removed, what is kept.
import { describe, expect, it } from 'vitest';
import { hasUnstorable, markedText, storableRecord, storableText } from '../../functions/src/core/storable-text.js';

describe('storableText', () => {
  it.each([
    ['plain Chinese text', '张三 客户经理', '张三 客户经理'],
    ['tab, line feed and carriage return', 'a\tb\nc\rd', 'a\tb\nc\rd'],
    ['NUL and other C0 controls', 'a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg', 'abcdefg'],
    ['U+FFFE and U+FFFF', 'x\uFFFEy\uFFFFz', 'xyz'],
    ['a lone high surrogate', 'a\uD83Db', 'ab'],
    ['a lone low surrogate', 'a\uDE00b', 'ab'],
    ['a surrogate pair (emoji)', 'ok 😀', 'ok 😀'],
    ['DEL and C1 controls, which XML 1.0 allows', 'a\u007Fb\u0085c', 'a\u007Fb\u0085c'],
  ])('%s', (_name, input, output) => {
    expect(storableText(input)).toBe(output);
    expect(hasUnstorable(input)).toBe(input !== output);
  });

  it('answers the same on repeated calls (no regex state carried over)', () => {
    expect([hasUnstorable('a\u0001'), hasUnstorable('a\u0001'), hasUnstorable('b')]).toEqual([true, true, false]);
  });
});

describe('markedText', () => {
  it.each([
    ['a control character in an id', 'a\u0001b', 'a\uFFFDb'],
    ['U+FFFF and a lone surrogate', 'x\uFFFFy\uD800z', 'x\uFFFDy\uFFFDz'],
    ['line breaks and an emoji, kept', 'a\r\nb 😀', 'a\r\nb 😀'],
  ])('%s', (_name, input, output) => {
    expect(markedText(input)).toBe(output);
    expect(hasUnstorable(markedText(input))).toBe(false);
  });
});

describe('storableRecord', () => {
  it('cleans text values and keeps numbers, booleans and blanks', () => {
    expect(storableRecord({ a: 'x\uFFFF', b: 3, c: true, d: null, e: undefined })).toEqual({
      a: 'x',
      b: 3,
      c: true,
      d: null,
      e: undefined,
    });
  });

  it('returns the same object when nothing needs cleaning', () => {
    const record = { a: 'fine', b: 1 };
    expect(storableRecord(record)).toBe(record);
  });
});
