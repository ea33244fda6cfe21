import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { humanDuration } from './human-duration';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;
const year = 365 * day;

describe('humanDuration', () => {
  // Cases from upstream's duration_test.go (TestHumanDuration and TestHumanDurationBoundaries).
  it.each([
    [second, '1s'],
    [70 * second, '70s'],
    [190 * second, '3m10s'],
    [70 * minute, '70m'],
    [47 * hour, '47h'],
    [49 * hour, '2d1h'],
    [(8 * 24 + 2) * hour, '8d'],
    [367 * day, '367d'],
    [2 * year + 25 * hour, '2y1d'],
    [8 * year + 2 * hour, '8y'],
    [-2 * second, '<invalid>'],
    [-2 * second + 1, '0s'],
    [0, '0s'],
    [second - 1, '0s'],
    [2 * minute - 1, '119s'],
    [2 * minute, '2m'],
    [2 * minute + second, '2m1s'],
    [10 * minute - 1, '9m59s'],
    [10 * minute, '10m'],
    [10 * minute + second, '10m'],
    [3 * hour - 1, '179m'],
    [3 * hour, '3h'],
    [3 * hour + minute, '3h1m'],
    [8 * hour - 1, '7h59m'],
    [8 * hour, '8h'],
    [8 * hour + 59 * minute, '8h'],
    [2 * day - 1, '47h'],
    [2 * day, '2d'],
    [2 * day + hour, '2d1h'],
    [8 * day - 1, '7d23h'],
    [8 * day, '8d'],
    [8 * day + 23 * hour, '8d'],
    [2 * year - 1, '729d'],
    [2 * year, '2y'],
    [2 * year + 23 * hour + 59 * minute, '2y'],
    [2 * year + day - 1, '2y'],
    [2 * year + day, '2y1d'],
    [3 * year, '3y'],
    [7 * year, '7y'],
    [8 * year - 1, '7y364d'],
    [8 * year, '8y'],
    [8 * year + 364 * day, '8y'],
    [9 * year, '9y'],
  ])('given %d ms, then it reads %s', (milliseconds, expected) => {
    expect(humanDuration(milliseconds)).toBe(expected);
  });

  it('given any non-negative duration, then the text parses back to a lower bound within one unit of it', () => {
    const units: Record<string, number> = { s: second, m: minute, h: hour, d: day, y: year };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 * year }), (milliseconds) => {
        const text = humanDuration(milliseconds);
        const parts = [...text.matchAll(/(\d+)([smhdy])/g)];
        expect(parts.map((p) => p[0]).join('')).toBe(text);
        const lowerBound = parts.reduce((sum, [, n, unit]) => sum + Number(n) * units[unit!]!, 0);
        const smallestUnit = units[parts[parts.length - 1]![2]!]!;
        expect(lowerBound).toBeLessThanOrEqual(milliseconds);
        expect(milliseconds - lowerBound).toBeLessThan(smallestUnit);
      }),
    );
  });
});
