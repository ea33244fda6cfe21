import { describe, expect, it } from 'vitest';
import { eventually, until } from './until';

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

describe('eventually', () => {
  it('retries a check until its assertions hold, and reports the last failure otherwise', async () => {
    let calls = 0;
    expect(await eventually(async () => {
      if (++calls < 3) throw new Error(`not yet (${calls})`);
      return calls;
    }, 1000, 1)).toBe(3);
    await expect(eventually(async () => { throw new Error('never'); }, 20, 5)).rejects.toThrow('never');
  });
});
