import { describe, expect, it } from 'vitest';
import { restartDelayMs } from './process-supervisor';

describe('restartDelayMs', () => {
  it('waits 1 s after the first crash, doubling up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(restartDelayMs)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
});
