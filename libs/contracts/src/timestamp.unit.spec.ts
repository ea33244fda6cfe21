import { describe, expect, it } from 'vitest';
import { rfc3339 } from './timestamp';

describe('rfc3339', () => {
  it('gives each time its own second, as metav1.Time serialises it, however the calls interleave', () => {
    const times = ['2026-11-28T14:50:07.001Z', '2026-11-28T14:50:07.999Z', '2026-11-28T14:50:08.000Z', '2026-11-28T14:50:07.500Z', '1969-12-31T23:59:59.500Z', '1970-01-01T00:00:00.000Z'];
    expect(times.map((t) => rfc3339(new Date(t)))).toEqual([
      '2026-11-28T14:50:07Z',
      '2026-11-28T14:50:07Z',
      '2026-11-28T14:50:08Z',
      '2026-11-28T14:50:07Z',
      '1969-12-31T23:59:59Z',
      '1970-01-01T00:00:00Z',
    ]);
  });

  it('rejects an invalid date as Date.toISOString does', () => {
    expect(() => rfc3339(new Date(Number.NaN))).toThrow(RangeError);
  });
});
