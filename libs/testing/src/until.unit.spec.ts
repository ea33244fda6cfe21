import { describe, expect, it } from 'vitest';
import { until } from './until';

describe('until', () => {
  it('returns the first truthy value, sync or async', async () => {
    let calls = 0;
    expect(await until(() => (++calls >= 3 ? 'ready' : undefined), 1000, 1)).toBe('ready');
    expect(await until(async () => 42, 1000)).toBe(42);
  });

  it('fails after the timeout when the condition never holds', async () => {
    await expect(until(() => false, 30, 5)).rejects.toThrow('condition not met within 30 ms');
  });
});
