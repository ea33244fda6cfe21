import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalQuantity, compareQuantities, formatQuantity, milliValue, parseQuantity, QUANTITY_FORMAT_ERROR, roundUp } from './quantity';

describe('Kubernetes resource quantities', () => {
  it.each([
    ['1000m', '1'],
    ['1024Mi', '1Gi'],
    ['0.1', '100m'],
    ['1.5', '1500m'],
    ['1000', '1k'],
    ['100M', '100M'],
    ['1e3', '1e3'],
    ['1536', '1536'],
    ['1.5Ki', '1536'],
    ['512', '512'],
    ['0.5Gi', '512Mi'],
    ['100m', '100m'],
    ['200Mi', '200Mi'],
    ['-1', '-1'],
    ['0', '0'],
    ['0.0000000001', '1n'],
    ['12e6', '12e6'],
    ['3Gi', '3Gi'],
  ])('given %s, when canonicalised, then it reads %s (as upstream stores it)', (input, canonical) => {
    expect(canonicalQuantity(input)).toBe(canonical);
  });

  it.each(['', 'abc', '1.2.3', '--1', 'Gi'])('given the malformed quantity %j, when parsed, then upstream\'s error is thrown', (input) => {
    expect(() => parseQuantity(input)).toThrow(QUANTITY_FORMAT_ERROR);
  });

  it('given an unknown suffix, when parsed, then the suffix error is thrown', () => {
    expect(() => parseQuantity('1Zi')).toThrow();
  });

  it('given two quantities in different units, when compared, then their values are compared', () => {
    expect(compareQuantities('1Gi', '1024Mi')).toBe(0);
    expect(compareQuantities('100m', '0.2')).toBe(-1);
    expect(compareQuantities('1G', '1Gi')).toBe(-1);
    expect(milliValue('1.5')).toBe(1500n);
    expect(milliValue('1n')).toBe(1n);
  });

  it('given sub-milli amounts, when rounded up to milli as resource lists are, then they become 1m', () => {
    expect(formatQuantity(roundUp(parseQuantity('0.0001'), -3))).toBe('1m');
    expect(formatQuantity(roundUp(parseQuantity('1.0001'), -3))).toBe('1001m');
    expect(formatQuantity(roundUp(parseQuantity('2Gi'), -3))).toBe('2Gi');
  });

  it('canonical form is stable and preserves the value', () => {
    const quantity = fc.tuple(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.constantFrom('', 'm', 'k', 'M', 'G', 'Ki', 'Mi', 'Gi', 'e3', 'n'));
    fc.assert(
      fc.property(quantity, ([n, suffix]) => {
        const canonical = canonicalQuantity(`${n}${suffix}`);
        expect(canonicalQuantity(canonical)).toBe(canonical);
        expect(compareQuantities(canonical, `${n}${suffix}`)).toBe(0);
      }),
    );
  });
});
