import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isJsonExact } from './json-exact';

describe('a value that survives JSON unchanged', () => {
  it('is any value JSON.parse can give', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => isJsonExact(JSON.parse(JSON.stringify(value)))));
  });

  it('is claimed only when the text gives back a deep-equal value', () => {
    const anything = fc.anything({ withDate: true, withMap: true, withNullPrototype: true, withSparseArray: true, withBigInt: false });
    fc.assert(
      fc.property(anything, (value) => {
        if (!isJsonExact(value)) return true;
        return isDeepStrictEqual(JSON.parse(JSON.stringify(value)), value);
      }),
    );
  });

  it('is not a value with a field the text would drop or change', () => {
    expect(isJsonExact({ spec: { nodeName: undefined } })).toBe(false);
    expect(isJsonExact({ at: new Date(0) })).toBe(false);
    expect(isJsonExact([1, Number.NaN])).toBe(false);
    expect(isJsonExact({ zero: -0 })).toBe(false);
    expect(isJsonExact([1, , 3])).toBe(false);
    expect(isJsonExact({ metadata: { name: 'web', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] } })).toBe(true);
  });
});
