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
