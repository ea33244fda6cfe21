import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { groupCommit } from './group-commit';

/** A flush whose calls the test completes by hand, recording what each carried. */
function manualFlush<T>() {
  const calls: { items: T[]; complete(results: (T | Error)[]): void; fail(error: Error): void }[] = [];
  const flush = (items: T[]) =>
    new Promise<(T | Error)[]>((resolve, reject) => calls.push({ items, complete: resolve, fail: reject }));
  return { calls, flush };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const options = { maxWeight: 100, weight: () => 1 };

describe('groupCommit', () => {
  it('sends a lone item at once, and coalesces what arrives while a flush is out', async () => {
    // Given a flush in flight for item 1
    const { calls, flush } = manualFlush<number>();
    const submit = groupCommit(flush, options);
    const first = submit(1);
    expect(calls.map((call) => call.items)).toEqual([[1]]);

    // When items 2, 3 and 4 arrive meanwhile, they wait
    const rest = [submit(2), submit(3), submit(4)];
    expect(calls).toHaveLength(1);

    // Then, once the flush returns, they go out together in one flush
    calls[0].complete([10]);
    await expect(first).resolves.toBe(10);
    await settle();
    expect(calls.map((call) => call.items)).toEqual([[1], [2, 3, 4]]);
    calls[1].complete([20, 30, 40]);
    await expect(Promise.all(rest)).resolves.toEqual([20, 30, 40]);
  });

  describe('with lingerMs', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('holds each flush that long, so that what arrives meanwhile goes with it', async () => {
      vi.useFakeTimers();
      const { calls, flush } = manualFlush<number>();
      const submit = groupCommit(flush, { ...options, lingerMs: 5 });

      // Given a lone item: it waits out the linger, and what comes meanwhile joins it
      const first = [submit(1)];
      await vi.advanceTimersByTimeAsync(4);
      expect(calls).toHaveLength(0);
      first.push(submit(2));
      await vi.advanceTimersByTimeAsync(1);
      expect(calls.map((call) => call.items)).toEqual([[1, 2]]);

      // When more arrive while that flush is out, the next flush still lingers after it returns
      const second = [submit(3)];
      calls[0].complete([10, 20]);
      await expect(Promise.all(first)).resolves.toEqual([10, 20]);
      second.push(submit(4));
      await vi.advanceTimersByTimeAsync(4);
      expect(calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);

      // Then they go out together
      expect(calls.map((call) => call.items)).toEqual([[1, 2], [3, 4]]);
      calls[1].complete([30, 40]);
      await expect(Promise.all(second)).resolves.toEqual([30, 40]);
    });
  });

  it('fails only the item whose result is an error', async () => {
    const { calls, flush } = manualFlush<number>();
    const submit = groupCommit(flush, options);
    const blocker = submit(0);
    const items = [submit(1), submit(2), submit(3)];
    calls[0].complete([0]);
    await blocker;
    await settle();
    calls[1].complete([1, new Error('conflict on 2'), 3]);
    expect(await Promise.allSettled(items)).toEqual([
      { status: 'fulfilled', value: 1 },
      { status: 'rejected', reason: new Error('conflict on 2') },
      { status: 'fulfilled', value: 3 },
    ]);
  });

  it('rejects every item of a flush that fails as a whole, and carries on', async () => {
    const { calls, flush } = manualFlush<number>();
    const submit = groupCommit(flush, options);
    const lost = submit(1);
    calls[0].fail(new Error('connection lost'));
    await expect(lost).rejects.toThrow('connection lost');
    const next = submit(2);
    calls[1].complete([2]);
    await expect(next).resolves.toBe(2);
  });

  it('settles every item exactly once, in submission order, within the bounds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ weight: fc.integer({ min: 1, max: 5 }), fails: fc.boolean(), burst: fc.boolean() }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 12 }),
        async (items, maxWeight) => {
          // Given a flush that echoes each item, or fails it, after a tick
          const flushed: number[][] = [];
          let inFlight = 0;
          let maxSeenInFlight = 0;
          const submit = groupCommit<number, number>(
            async (batch) => {
              flushed.push(batch);
              maxSeenInFlight = Math.max(maxSeenInFlight, ++inFlight);
              await settle();
              inFlight--;
              return batch.map((i) => (items[i].fails ? new Error(`item ${i}`) : i));
            },
            { maxWeight, weight: (i) => items[i].weight },
          );

          // When the items are submitted, some in bursts and some after a pause
          const results: Promise<PromiseSettledResult<number>>[] = [];
          for (const [i, item] of items.entries()) {
            if (!item.burst) await settle();
            results.push(Promise.allSettled([submit(i)]).then(([outcome]) => outcome));
          }
          const outcomes = await Promise.all(results);

          // Then each item settled as its own result says
          outcomes.forEach((outcome, i) =>
            expect(outcome).toEqual(items[i].fails ? { status: 'rejected', reason: new Error(`item ${i}`) } : { status: 'fulfilled', value: i }),
          );
          // And went out exactly once, in submission order
          expect(flushed.flat()).toEqual(items.map((_, i) => i));
          // And no flush was over the weight bound (unless it carried a single item), nor out beside another
          for (const batch of flushed) {
            if (batch.length > 1) expect(batch.reduce((sum, i) => sum + items[i].weight, 0)).toBeLessThanOrEqual(maxWeight);
          }
          expect(maxSeenInFlight).toBe(flushed.length > 0 ? 1 : 0);
        },
      ),
      { numRuns: 100 },
    );
  });
});
