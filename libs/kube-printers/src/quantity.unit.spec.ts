import { describe, expect, it } from 'vitest';
import { canonicalQuantity } from './quantity';

describe('canonicalQuantity', () => {
  it.each([
    ['10Gi', '10Gi'],
    ['1.5Gi', '1536Mi'],
    ['1024Mi', '1Gi'],
    ['512Mi', '512Mi'],
    ['0.5Ki', '512'],
    ['1000M', '1G'],
    ['1.5', '1500m'],
    ['100m', '100m'],
    ['0', '0'],
    ['5e3', '5e3'],
    ['12e2', '1200'],
    ['not-a-quantity', 'not-a-quantity'],
  ])('given %s, then kubectl shows %s', (text, expected) => {
    expect(canonicalQuantity(text)).toBe(expected);
  });
});
