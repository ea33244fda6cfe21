import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cloneJson } from './clone-json';

describe('cloneJson', () => {
  it('copies any JSON document deeply: equal, and sharing nothing with the original', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const copy = cloneJson(value);
        expect(copy).toStrictEqual(value);
        expect(copy).toStrictEqual(structuredClone(value));
      }),
    );
    const original = { spec: { containers: [{ name: 'app' }] } };
    const copy = cloneJson(original);
    copy.spec.containers[0].name = 'changed';
    expect(original.spec.containers[0].name).toBe('app');
  });

  it('keeps a decoded "__proto__" field as a field', () => {
    const copy = cloneJson(JSON.parse('{"__proto__":{"polluted":true},"a":1}'));
    expect(Object.keys(copy)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('copies values that are not plain JSON as structuredClone does', () => {
    const when = new Date(0);
    const copy = cloneJson({ when });
    expect(copy.when).toEqual(when);
    expect(copy.when).not.toBe(when);
  });
});
