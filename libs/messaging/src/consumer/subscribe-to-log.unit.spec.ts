import { natsNames, type RecordedEvent } from '@kronicle/contracts';
import fc from 'fast-check';
import { createServer, connect, type Socket } from 'node:net';
import { setImmediate as tick } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeNats } from '../test-support/fake-nats';
import { InMemoryStore } from '../test-support/in-memory-store';
import { checkpointAfterEachBatch } from './checkpoint-after-each-batch';
import { subscribeToLog, type LogSubscription, type SubscribeToLogOptions } from './subscribe-to-log';

const names = natsNames('unit');
const feed = names.logFeed;
const open: LogSubscription[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

function setup(options: Partial<SubscribeToLogOptions> = {}) {
  const store = new InMemoryStore();
  const nats = new FakeNats();
  const seen: number[] = [];
  const start = () =>
    subscribeToLog({
      store,
      nats: nats.connection,
      cluster: 'unit',
      consumerName: 'test',
      fromPosition: 0,
      waitForGraceMs: 5,
      retryDelayMs: 1,
      handle: async (events) => void seen.push(...events.map((e) => e.position)),
      ...options,
    }).then((s) => (open.push(s), s));
  return { store, nats, seen, start };
}

/** Both ends of a TCP connection on the loopback interface. */
async function socketPair(): Promise<[Socket, Socket]> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const { port } = server.address() as { port: number };
  const client = connect(port, '127.0.0.1');
  const pair: [Socket, Socket] = [client, await accepted];
  server.close();
  return pair;
}

const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('subscribeToLog', () => {
  it('catches up from the log when started after the events were published', async () => {
    const { store, seen, start } = setup();
    for (let i = 0; i < 5; i++) store.add();

    const sub = await start();
    await sub.waitFor(5, 1000);

    expect(seen).toEqual(upTo(5));
  });

  it('finds new events in the log by itself when NATS stays silent (relay down)', async () => {
    const { store, seen, start } = setup({ idleCheckMs: 10 });
    await start();

    // Appended, but never published
    store.add();
    store.add();
    for (let i = 0; i < 200 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 5));

    expect(seen).toEqual([1, 2]);
  });

  it('on the light feed, reads from the log an event it wants whose text was left out, and follows the full feed once it asks for it', async () => {
    let wants: 'full' | 'light' = 'light';
    const { store, nats, seen, start } = setup({ waitForGraceMs: 60_000, feed: () => wants, filter: (meta) => !meta.streamId.endsWith('/passed-over') });
    const sub = await start();
    const logReads = vi.spyOn(store, 'readAll');
    const [passedOver, wanted, configMap] = [store.add('ObjectUpdated', 'k8s/core/pods/default/passed-over'), store.add('ObjectUpdated', 'k8s/core/pods/default/wanted'), store.add('ObjectUpdated', 'k8s/core/configmaps/default/c')];
    const leftOut = (e: { streamId: string }) => e.streamId.includes('/pods/');

    // Not followed: the full feed's message is not seen.
    nats.deliverBatch(feed, 0, [passedOver, wanted, configMap]);
    nats.deliverBatch(names.logLightFeed, 0, [passedOver, wanted, configMap], leftOut);
    await sub.waitFor(3, 1000);
    expect(seen).toEqual([2, 3]);
    expect(logReads).toHaveBeenCalled();

    wants = 'full';
    logReads.mockClear();
    const [next, last] = [store.add('ObjectUpdated', 'k8s/core/configmaps/default/d'), store.add('ObjectUpdated', 'k8s/core/pods/default/last')];
    nats.deliverBatch(names.logLightFeed, 3, [next], leftOut);
    await sub.waitFor(4, 1000);
    nats.deliverBatch(feed, 4, [last]);
    nats.deliverBatch(names.logLightFeed, 4, [last], leftOut);
    await sub.waitFor(5, 1000);
    expect(seen).toEqual([2, 3, 4, 5]);
    expect(logReads).not.toHaveBeenCalled();
  });

  it('follows NATS, and reads the log when a message was missed', async () => {
    const { store, nats, seen, start } = setup({ waitForGraceMs: 60_000 });
    const sub = await start();
    const [e1, e2, e3] = [store.add(), store.add(), store.add()];

    // The message with event 2 is lost on the way
    nats.deliverBatch(feed, 0, [e1]);
    nats.deliverBatch(feed, e2.position, [e3]);
    await sub.waitFor(3, 1000);

    expect(seen).toEqual([1, 2, 3]);
  });

  it('takes many events from one message, and passes the holes it vouches for without reading the log', async () => {
    const { store, nats, seen, start } = setup({ waitForGraceMs: 60_000, idleCheckMs: 60_000 });
    const sub = await start();
    const events = Array.from({ length: 5 }, () => store.add());
    let reads = 0;
    const readAll = store.readAll.bind(store);
    store.readAll = (after, limit) => (reads++, readAll(after, limit));

    // As if 3 had rolled back: the relay read 1, 2, 4, 5 and says nothing lies between them.
    nats.deliverBatch(feed, 0, [events[0], events[1], events[3], events[4]]);
    await sub.waitFor(5, 1000);

    expect(seen).toEqual([1, 2, 4, 5]);
    expect(reads).toBe(0);
  });

  it('keeps a waiter waiting past its grace while the feed is moving, and reads the log once it falls silent', async () => {
    vi.useFakeTimers();
    try {
      const { store, nats, seen, start } = setup({ waitForGraceMs: 100, idleCheckMs: 60_000 });
      const sub = await start();
      const events = [store.add(), store.add(), store.add(), store.add()];
      let reads = 0;
      const readAll = store.readAll.bind(store);
      store.readAll = (after, limit) => (reads++, readAll(after, limit));

      // The feed brings 1, 2 and 3 over 240 ms, more than two graces: a busy relay, not a dead one
      const waited = sub.waitFor(4);
      for (const event of events.slice(0, 3)) {
        await vi.advanceTimersByTimeAsync(80);
        nats.deliverBatch(feed, event.position - 1, [event]);
      }
      await vi.advanceTimersByTimeAsync(0);
      expect(reads).toBe(0);

      // 4 never comes: a grace without feed messages later, the log is read
      await vi.advanceTimersByTimeAsync(250);
      await waited;
      expect(reads).toBeGreaterThan(0);
      expect(seen).toEqual([1, 2, 3, 4]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not read the log when its grace ran out only because the process was busy while the feed brought the event', async () => {
    const { store, nats, seen, start } = setup({ waitForGraceMs: 20, idleCheckMs: 60_000 });
    const sub = await start();
    const event = store.add();
    let reads = 0;
    const readAll = store.readAll.bind(store);
    store.readAll = (after, limit) => (reads++, readAll(after, limit));
    // Real sockets, for Node's order: what arrives while a callback is busy is read after the timers that fell due meanwhile.
    const [work, worker] = await socketPair();
    const [relay, feedSocket] = await socketPair();
    feedSocket.on('data', () => nats.deliverBatch(feed, 0, [event]));
    worker.on('data', () => {
      const busyUntil = Date.now() + 60;
      while (Date.now() < busyUntil);
      relay.write('the feed message');
    });

    const waited = sub.waitFor(event.position);
    work.write('work longer than the grace');
    await waited;

    expect(seen).toEqual([event.position]);
    expect(reads).toBe(0);
    for (const socket of [work, worker, relay, feedSocket]) socket.destroy();
  });

  it('reads the log when the relay announces a head beyond the last message', async () => {
    const { store, nats, seen, start } = setup({ waitForGraceMs: 60_000 });
    const sub = await start();
    store.add();
    store.add();

    nats.announceHead(names.logHead, 2);
    await sub.waitFor(2, 1000);

    expect(seen).toEqual([1, 2]);
  });

  it('does not read the log while NATS keeps delivering, though the log is ahead of NATS', async () => {
    // Each message arrives while the one before is being handled, as under a steady stream.
    let handling: () => void = () => undefined;
    const { store, nats, seen, start } = setup({
      waitForGraceMs: 60_000,
      idleCheckMs: 60_000,
      handle: async (events) => {
        seen.push(...events.map((e) => e.position));
        await new Promise<void>((resolve) => (handling = resolve));
      },
    });
    const sub = await start();
    // Ten more are committed and on their way: the log's head stays ahead of what NATS has brought.
    const events = Array.from({ length: 20 }, () => store.add()).slice(0, 10);
    let reads = 0;
    const readAll = store.readAll.bind(store);
    store.readAll = (after, limit) => (reads++, readAll(after, limit));

    for (const event of events) {
      nats.deliverBatch(feed, event.position - 1, [event]);
      await tick();
      handling();
    }
    await tick();
    handling();
    await sub.waitFor(10, 1000);
    for (let i = 0; i < 5; i++) await tick();

    expect(seen).toEqual(upTo(10));
    expect(reads).toBe(0);
  });

  it('skips filtered events unparsed but counts their positions', async () => {
    const { store, nats, seen, start } = setup({ filter: (meta) => meta.type === 'Wanted' });
    const sub = await start();
    const events = [store.add('Wanted'), store.add('Other'), store.add('Wanted')];
    nats.deliverBatch(feed, 0, events);

    await sub.waitFor(3, 1000);

    expect(seen).toEqual([1, 3]);
    expect(sub.position).toBe(3);
  });

  it('retries a failed batch from the log without skipping it', async () => {
    let failures = 1;
    const seen: number[] = [];
    const { store, start } = setup({
      handle: async (events) => {
        if (failures-- > 0) throw new Error('boom');
        seen.push(...events.map((e) => e.position));
      },
    });
    store.add();
    store.add();

    const sub = await start();
    await sub.waitFor(2, 1000);

    expect(seen).toEqual([1, 2]);
  });

  it('times out a wait for a position that is not in the log', async () => {
    const { start } = setup();
    const sub = await start();
    await expect(sub.waitFor(7, 50)).rejects.toThrow(/timed out/);
  });

  it('starts from the stored checkpoint, which the helper advances after each batch', async () => {
    const store = new InMemoryStore();
    const nats = new FakeNats();
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) store.add();
    store.checkpoints.set('projector', 2);
    const sub = await subscribeToLog({
      store,
      nats: nats.connection,
      cluster: 'unit',
      consumerName: 'projector',
      handle: checkpointAfterEachBatch(store, 'projector', async (events) => void seen.push(...events.map((e) => e.position))),
    });
    open.push(sub);

    await sub.waitFor(4, 1000);

    expect(seen).toEqual([3, 4]);
    expect(store.checkpoints.get('projector')).toBe(4);
  });

  it('for any mix of drops, duplicates and reorderings, the handler sees every wanted position once, in order', async () => {
    // A step: commit one event, deliver a message with a run of the last committed events (again,
    // late, or never), announce the head, or let time pass.
    const step = fc.oneof(
      fc.constant({ kind: 'append' as const }),
      fc.record({ kind: fc.constant('deliver' as const), back: fc.nat(6), length: fc.integer({ min: 1, max: 3 }) }),
      fc.constant({ kind: 'head' as const }),
      fc.constant({ kind: 'tick' as const }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { maxLength: 80 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 7 }),
        fc.boolean(),
        async (steps, maxBatch, pageSize, filtered) => {
          const wanted = (position: number) => !filtered || position % 3 !== 0;
          const { store, nats, seen, start } = setup({
            maxBatch,
            pageSize,
            filter: (meta) => wanted(meta.position),
            handle: async (events: RecordedEvent[]) => {
              await tick();
              seen.push(...events.map((e) => e.position));
            },
          });
          const sub = await start();
          for (const s of steps) {
            if (s.kind === 'append') store.add();
            else if (s.kind === 'deliver' && store.events.length > 0) {
              const from = Math.max(0, store.events.length - 1 - s.back);
              nats.deliverBatch(feed, from, store.events.slice(from, from + s.length));
            } else if (s.kind === 'head') nats.announceHead(names.logHead, store.events.length);
            else await tick();
          }
          const n = store.events.length;
          await sub.waitFor(n, 2000);
          await sub.close();

          expect(seen).toEqual(upTo(n).filter(wanted));
        },
      ),
      { numRuns: 150 },
    );
  });
});
