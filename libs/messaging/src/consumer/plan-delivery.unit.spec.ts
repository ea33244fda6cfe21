import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planDelivery, type LogLink } from './plan-delivery';

// Positions without holes: each message follows the one below it.
const gapless = (n: number): LogLink => ({ position: n, after: n - 1 });

describe('planDelivery', () => {
  it('delivers the run that continues the last position and drops what is older', () => {
    expect(planDelivery(4, [5, 3, 6, 4, 7], gapless, 10)).toEqual({ deliver: [5, 6, 7], through: 7, consumed: 5, gap: false });
  });

  it('stops at a gap and leaves the rest for after the catch-up', () => {
    expect(planDelivery(4, [5, 3, 6, 8, 9], gapless, 10)).toEqual({ deliver: [5, 6], through: 6, consumed: 3, gap: true });
  });

  it('passes a hole the message after it vouches for (an append that rolled back)', () => {
    const links = new Map<number, LogLink>([
      [5, { position: 5, after: 4 }],
      [8, { position: 8, after: 5 }],
    ]);
    expect(planDelivery(4, [5, 8], (n) => links.get(n) as LogLink, 10)).toEqual({ deliver: [5, 8], through: 8, consumed: 2, gap: false });
  });

  it('delivers the new tail of a message that overlaps what was applied', () => {
    // A batch (3 after 1, 5 after 3, 7 after 5) re-sent after a relay restart; 3 and 5 were applied.
    const links: LogLink[] = [
      { position: 3, after: 1 },
      { position: 5, after: 3 },
      { position: 7, after: 5 },
    ];
    expect(planDelivery(5, links, (l) => l, 10)).toEqual({ deliver: [links[2]], through: 7, consumed: 3, gap: false });
  });

  it('reports a gap at once when the first message is ahead', () => {
    expect(planDelivery(0, [2, 1], gapless, 10)).toEqual({ deliver: [], through: 0, consumed: 0, gap: true });
  });

  it('delivers at most max messages and keeps the next one', () => {
    expect(planDelivery(0, [1, 2, 3], gapless, 2)).toEqual({ deliver: [1, 2], through: 2, consumed: 2, gap: false });
  });

  it('for any inbox, delivers a contiguous run from last + 1 and consumes only settled messages', () => {
    fc.assert(
      fc.property(fc.nat(20), fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 30 }), fc.integer({ min: 1, max: 10 }), (last, inbox, max) => {
        const plan = planDelivery(last, inbox, gapless, max);
        expect(plan.deliver).toEqual(Array.from({ length: plan.deliver.length }, (_, i) => last + 1 + i));
        expect(plan.through).toBe(last + plan.deliver.length);
        expect(plan.deliver.length).toBeLessThanOrEqual(max);
        for (const settled of inbox.slice(0, plan.consumed)) expect(settled).toBeLessThanOrEqual(plan.through);
        if (plan.gap) expect(inbox[plan.consumed]).toBeGreaterThan(plan.through + 1);
      }),
    );
  });
});
