import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMergePatch, isObject } from './merge-patch';

describe('applyMergePatch', () => {
  // RFC 7386, Appendix A.
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
    [['a', 'b'], { a: 'b' }, { a: 'b' }],
    [{ a: 'foo' }, ['c'], ['c']],
  ])('given %j, when merging %j, then the result is %j', (document, patch, expected) => {
    expect(applyMergePatch(document, JSON.stringify(patch))).toEqual(expected);
  });

  it.each(['null', '"x"', '42', 'not json'])('when the patch is %s, then it is a 400 Invalid JSON Patch', (body) => {
    expect(() => applyMergePatch({}, body)).toThrowError(expect.objectContaining({ httpStatus: 400, message: 'Invalid JSON Patch' }));
  });

  it('given two objects, when the merge patch computed between them is applied to the first, then the result is the second', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.array(tie('value'), { maxLength: 3 }), tie('object')),
      object: fc.dictionary(fc.string({ maxLength: 3 }), tie('value'), { maxKeys: 4 }),
    }));
    fc.assert(
      fc.property(json.object, json.object, (a, b) => {
        expect(applyMergePatch(a, JSON.stringify(diff(a, b)))).toEqual(b);
      }),
    );
  });
});

/** The merge patch from `a` to `b` (RFC 7386 section 3's generation, for values without nulls). */
function diff(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(a)) if (!(key in b)) patch[key] = null;
  for (const [key, value] of Object.entries(b)) {
    const before = a[key];
    if (isObject(before) && isObject(value)) patch[key] = diff(before, value);
    else if (JSON.stringify(before) !== JSON.stringify(value)) patch[key] = value;
  }
  return patch;
}
