import type { NewEvent } from '@kronicle/contracts';
import { createTestDatabase, type TestDatabase } from '@kronicle/testing';
import { Client } from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WrongExpectedVersionError } from './event-store';
import { createPgEventStore, type PgEventStore } from './pg-event-store';

const event = (type: string, data: unknown = {}): NewEvent => ({
  type,
  data,
  metadata: { correlationId: 'c-1', actor: 'user:test', time: '2026-01-01T00:00:00Z' },
});

describe('PgEventStore', () => {
  let db: TestDatabase;
  let store: PgEventStore;

  beforeEach(async () => {
    db = await createTestDatabase();
    store = await createPgEventStore({ connectionString: db.url, poolSize: 2 });
  });

  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('appends to a new stream and reads it back in order', async () => {
    // When two events are appended to an empty stream
    const result = await store.append('a', 0, [event('Created', { n: 1 }), event('Updated', { n: 2 })]);

    // Then they get positions 1 and 2 and the stream is at version 2
    expect(result).toEqual({ streamId: 'a', nextExpectedVersion: 2, positions: [1, 2] });
    const events = await store.readStream('a');
    expect(events.map(({ position, streamId, streamVersion, type, data }) => ({ position, streamId, streamVersion, type, data }))).toEqual([
      { position: 1, streamId: 'a', streamVersion: 1, type: 'Created', data: { n: 1 } },
      { position: 2, streamId: 'a', streamVersion: 2, type: 'Updated', data: { n: 2 } },
    ]);
    expect(events[0].metadata).toEqual(event('x').metadata);
    expect(events[0].id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await store.readStream('a', 1)).toEqual([events[1]]);
    expect(await store.headPosition()).toBe(2);
  });

  it('refuses an append at the wrong version and writes nothing', async () => {
    // Given a stream at version 1
    await store.append('a', 0, [event('Created')]);

    // When a stale writer appends expecting version 0
    const stale = store.append('a', 0, [event('Updated')]);

    // Then it gets a conflict naming the actual version, and the log is unchanged
    await expect(stale).rejects.toEqual(new WrongExpectedVersionError('a', 0, 1));
    await expect(stale).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(await store.headPosition()).toBe(1);
    expect(await store.readStream('a')).toHaveLength(1);
  });

  it("appends at 'any' version whatever the stream's version", async () => {
    await store.append('a', 0, [event('Created')]);
    const result = await store.append('a', 'any', [event('Updated')]);
    expect(result).toEqual({ streamId: 'a', nextExpectedVersion: 2, positions: [2] });
    expect(await store.append('new', 'any', [event('Created')])).toEqual({ streamId: 'new', nextExpectedVersion: 1, positions: [3] });
  });

  it('appendAll writes every stream or none', async () => {
    // Given stream b at version 1
    await store.append('b', 0, [event('Created')]);

    // When appendAll includes a stale request for b
    const failed = store.appendAll([
      { streamId: 'a', expectedVersion: 0, events: [event('Created')] },
      { streamId: 'b', expectedVersion: 0, events: [event('Updated')] },
    ]);

    // Then nothing of it is written, not even the valid part for a
    await expect(failed).rejects.toEqual(new WrongExpectedVersionError('b', 0, 1));
    expect(await store.readStream('a')).toEqual([]);
    expect(await store.headPosition()).toBe(1);

    // When all versions match
    const results = await store.appendAll([
      { streamId: 'a', expectedVersion: 0, events: [event('Created'), event('Updated')] },
      { streamId: 'b', expectedVersion: 1, events: [event('Updated')] },
      { streamId: 'a', expectedVersion: 2, events: [event('Updated')] },
    ]);

    // Then all are written, in request order, and later requests see earlier ones
    expect(results).toEqual([
      { streamId: 'a', nextExpectedVersion: 2, positions: [2, 3] },
      { streamId: 'b', nextExpectedVersion: 2, positions: [4] },
      { streamId: 'a', nextExpectedVersion: 3, positions: [5] },
    ]);
  });

  it('stores a checkpoint atomically with appendAll', async () => {
    // Given a consumer at position 0 and a stream at version 1
    await store.append('b', 0, [event('Created')]);

    // When its appendAll conflicts, the checkpoint is not stored either
    await expect(
      store.appendAll([{ streamId: 'b', expectedVersion: 0, events: [event('Updated')] }], { consumer: 'deployments', position: 1 }),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(await store.readCheckpoint('deployments')).toBe(0);

    // When it succeeds, the checkpoint is stored with the events
    await store.appendAll([{ streamId: 'b', expectedVersion: 1, events: [event('Updated')] }], { consumer: 'deployments', position: 1 });
    expect(await store.readCheckpoint('deployments')).toBe(1);
    expect(await store.headPosition()).toBe(2);

    // And a checkpoint alone can be stored and moved
    await store.storeCheckpoint('deployments', 2);
    expect(await store.readCheckpoint('deployments')).toBe(2);
  });

  it('settles concurrent appends on their own: one conflict does not fail the others', async () => {
    // Given stream shared at version 1
    await store.append('shared', 0, [event('Created')]);

    // When many appends run at once (coalesced into few database calls), one of them stale
    const [stale, ...others] = await Promise.allSettled([
      store.append('shared', 0, [event('Updated')]),
      ...Array.from({ length: 50 }, (_, i) => store.append(`s-${i}`, 0, [event('Created', { i })])),
    ]);

    // Then only the stale one fails, and every other got its own positions
    expect(stale).toEqual({ status: 'rejected', reason: new WrongExpectedVersionError('shared', 0, 1) });
    const positions = others.flatMap((result) => (result.status === 'fulfilled' ? result.value.positions : []));
    expect(new Set(positions).size).toBe(50);
    expect(await store.headPosition()).toBe(51);
  });

  it('pages through the whole log by position', async () => {
    await store.appendAll(Array.from({ length: 10 }, (_, i) => ({ streamId: `s-${i}`, expectedVersion: 0, events: [event('Created')] })));
    expect((await store.readAll(0, 4)).map((e) => e.position)).toEqual([1, 2, 3, 4]);
    expect((await store.readAll(8, 4)).map((e) => e.position)).toEqual([9, 10]);
    expect(await store.readAll(10, 4)).toEqual([]);
  });

  it('reads the last event at a position of streams chosen by id or by prefix, a deletion included, in log order', async () => {
    await store.append('pods/a/one', 0, [event('Created'), event('Updated', { n: 2 })]); // 1, 2
    await store.append('pods/a/two', 0, [event('Created'), event('Deleted')]); // 3, 4
    await store.append('pods/b/one', 0, [event('Created')]); // 5
    await store.append('pods/a/one', 2, [event('Updated', { n: 3 })]); // 6, after the position asked
    await store.append('pods/a/three', 0, [event('Created')]); // 7, likewise

    const at5 = (events: { position: number; streamId: string; type: string }[]) => events.map((e) => [e.position, e.streamId, e.type]);
    expect(at5(await store.readLastEvents({ streamPrefix: 'pods/a/' }, 5))).toEqual([
      [2, 'pods/a/one', 'Updated'],
      [4, 'pods/a/two', 'Deleted'],
    ]);
    expect(at5(await store.readLastEvents({ streamIds: ['pods/b/one', 'pods/a/one', 'pods/a/three', 'none'] }, 5))).toEqual([
      [2, 'pods/a/one', 'Updated'],
      [5, 'pods/b/one', 'Created'],
    ]);
    expect((await store.readLastEvents({ streamIds: ['pods/a/one'] }, 7))[0].data).toEqual({ n: 3 });
    // A prefix is a prefix, not a pattern.
    expect(await store.readLastEvents({ streamPrefix: 'pods/%' }, 7)).toEqual([]);
  });

  it('rejects an expected version that is not a version', async () => {
    await expect(store.append('a', -1, [event('Created')])).rejects.toBeInstanceOf(TypeError);
    await expect(store.append('a', 1.5, [event('Created')])).rejects.toBeInstanceOf(TypeError);
    expect(await store.headPosition()).toBe(0);
  });

  it('tells listeners the new head after appends from any process', async () => {
    // Given a listener on this store and a second store (another process) on the same database
    const heads: number[] = [];
    const unsubscribe = await store.onAppended((head) => heads.push(head));
    const other = await createPgEventStore({ connectionString: db.url, poolSize: 1 });

    // When the other store appends
    await other.append('a', 0, [event('Created'), event('Updated')]);
    await other.close();

    // Then the listener hears the new head (after the head it was told on connecting)
    await expect.poll(() => heads.at(-1)).toBe(2);
    expect(heads[0]).toBe(0);
    await unsubscribe();
  });

  it('keeps telling listeners after its connections are killed', async () => {
    // Given a listener
    const heads: number[] = [];
    await store.onAppended((head) => heads.push(head));

    // When every connection of the store is terminated by the server
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    await admin.end();

    // Then appends still work and the listener hears of them, once reconnected
    await store.append('a', 0, [event('Created')]);
    await expect.poll(() => heads.at(-1)).toBe(1);
    await store.append('a', 1, [event('Updated')]);
    await expect.poll(() => heads.at(-1)).toBe(2);
  });

  it('compresses a large event with lz4, and reads it back unchanged', async () => {
    // An object of about 6 KB of JSON, over the size at which Postgres compresses a value
    const object = { items: Array.from({ length: 200 }, (_, i) => ({ name: `item-${i}`, phase: 'Running' })) };
    await store.append('big', 0, [event('Created', object)]);

    const client = new Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ method: string }>("SELECT pg_column_compression(data) AS method FROM events WHERE stream_id = 'big'");
    await client.end();
    expect(rows).toEqual([{ method: 'lz4' }]);
    expect((await store.readStream('big'))[0].data).toEqual(object);
  });
});
