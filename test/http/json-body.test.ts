// A body becomes a JSON object or a reason that never quotes it; nesting is counted without recursion.
import { describe, expect, it } from 'vitest';
import { isEmptyBody, jsonObject, MAX_DEPTH, nestingDepth } from '../../functions/src/http/json-body.js';

const nested = (depth: number): unknown => {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? [value] : { a: value };
  return value;
};

describe('nestingDepth', () => {
  it.each([
    { name: 'a scalar', value: 'x', depth: 0 },
    { name: 'an empty object', value: {}, depth: 1 },
    { name: 'a submission', value: { id: 'a', answers: { q: ['1', '2'] } }, depth: 3 },
    { name: 'the deepest branch counts', value: { a: 1, b: { c: [[1]] }, d: [] }, depth: 4 },
    { name: '1,000,000 levels, without overflowing the stack', value: nested(1_000_000), depth: MAX_DEPTH + 1 },
  ])('$name → $depth', ({ value, depth }) => {
    expect(nestingDepth(value)).toBe(depth);
  });
});

describe('jsonObject', () => {
  it.each([
    { name: 'bytes of an object', body: Buffer.from('{"id":"a"}'), result: { ok: true, value: { id: 'a' } } },
    { name: 'an object the framework parsed', body: { id: 'a' }, result: { ok: true, value: { id: 'a' } } },
    { name: 'nothing', body: undefined, result: { ok: false, message: 'body is empty; send a JSON object' } },
    { name: 'blank bytes', body: Buffer.from('  \n'), result: { ok: false, message: 'body is empty; send a JSON object' } },
    { name: 'malformed JSON holding a name', body: '{"name":"张伟","email":', result: { ok: false, message: 'body is not valid JSON' } },
    { name: 'an array', body: '[1]', result: { ok: false, message: 'body must be a JSON object' } },
    { name: 'null', body: 'null', result: { ok: false, message: 'body must be a JSON object' } },
    {
      name: '5,000 levels deep',
      body: `{"answers":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      result: { ok: false, message: `body is nested more than ${MAX_DEPTH} levels deep; a submission needs 3` },
    },
    { name: 'exactly the deepest accepted', body: JSON.stringify({ a: nested(MAX_DEPTH - 1) }), result: { ok: true } },
  ])('$name', ({ body, result }) => {
    expect(jsonObject(body)).toMatchObject(result);
  });
});

describe('isEmptyBody', () => {
  it.each([
    { body: undefined, empty: true },
    { body: Buffer.alloc(0), empty: true },
    { body: {}, empty: true },
    { body: Buffer.from('{}'), empty: false },
    { body: { dryRun: true }, empty: false },
  ])('$body → $empty', ({ body, empty }) => {
    expect(isEmptyBody(body)).toBe(empty);
  });
});
