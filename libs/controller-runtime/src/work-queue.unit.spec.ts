import { describe, expect, it } from 'vitest';
import { WorkQueue } from './work-queue';

describe('WorkQueue', () => {
  it('gives each key once, and again after done if it was added meanwhile', async () => {
    const queue = new WorkQueue();
    const signal = new AbortController().signal;
    queue.add('a');
    queue.add('a');
    expect(await queue.take(signal)).toBe('a');
    queue.add('a');
    expect(queue.length).toBe(0);
    queue.done('a');
    expect(await queue.take(signal)).toBe('a');
  });

  it('stops handing out keys once stopping, even with keys queued', async () => {
    const queue = new WorkQueue();
    const stopping = new AbortController();
    queue.add('a');
    stopping.abort();
    expect(await queue.take(stopping.signal)).toBeUndefined();
  });
});

describe('WorkQueue with several workers', () => {
  it('wakes every waiting worker with a distinct key, and never hands out a key being processed', async () => {
    const queue = new WorkQueue();
    const signal = new AbortController().signal;
    const takers = [queue.take(signal), queue.take(signal), queue.take(signal)];
    queue.add('a');
    queue.add('b');
    queue.add('c');
    expect((await Promise.all(takers)).sort()).toEqual(['a', 'b', 'c']);
    queue.add('a');
    expect(queue.length).toBe(0);
    expect(queue.inFlight).toBe(3);
    queue.done('b');
    queue.done('a');
    expect(await queue.take(signal)).toBe('a');
  });
});
