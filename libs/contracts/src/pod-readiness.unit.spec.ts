import { describe, expect, it } from 'vitest';
import { isPodReady } from './pod-readiness';

describe('isPodReady', () => {
  it('is true only with a Ready condition that is True', () => {
    expect(isPodReady({ status: { conditions: [{ type: 'Ready', status: 'True' }] } })).toBe(true);
    expect(isPodReady({ status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'ContainersReady', status: 'True' }] } })).toBe(false);
    expect(isPodReady({ status: { phase: 'Running' } })).toBe(false);
    expect(isPodReady({})).toBe(false);
  });
});
