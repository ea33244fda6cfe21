import type { NewEvent } from '@kronicle/contracts';
import { createTestDatabase, type TestDatabase } from '@kronicle/testing';
import { Client } from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPEND_SQL, type AppendGroup, encodeAppendBatch } from './append-batch';
import { WrongExpectedVersionError } from './event-store';
import { createPgEventStore, type PgEventStore } from './pg-event-store';

const event = (name: string): NewEvent => ({ type: 'Marked', data: { name }, metadata: { correlationId: name, actor: 'user:test', time: '2026-01-01T00:00:00Z' } });
const namesOf = (events: { data: unknown }[]) => events.map((e) => (e.data as { name: string }).name);

/**
 * Appends commit side by side since migration 0004: one that took its positions first may commit
 * after one that took later positions. Here the first append runs in a transaction the test holds
 * open, so what readers and other appenders do meanwhile can be seen.
 */
describe('appends committing out of position order', () => {
  let db: TestDatabase;
  let store: PgEventStore;
  let slow: Client;

  beforeEach(async () => {
    db = await createTestDatabase();
    store = await createPgEventStore({ connectionString: db.url, poolSize: 3 });
    slow = new Client({ connectionString: db.url });
    await slow.connect();
  });

  afterEach(async () => {
    await slow.end();
    await store.close();
    await db.drop();
  });

  /** Appends through the database function in a transaction left open. */
  const beginAppend = async (groups: AppendGroup[]) => {
    await slow.query('BEGIN');
    await slow.query(APPEND_SQL, encodeAppendBatch(groups));
  };

  it('a reader waits at the positions of an append still committing, then reads everything in position order', async () => {
    // Given an event, then an append that has taken positions 2-3 but not committed
    await store.append('first', 0, [event('first')]);
    await beginAppend([{ requests: [{ streamId: 'slow', expectedVersion: 0, events: [event('slow-1'), event('slow-2')] }] }]);

    // When another append takes position 4 and commits before it
    const fast = await store.append('fast', 0, [event('fast')]);
    expect(fast.positions).toEqual([4]);

    // Then a reader sees the first event and stops before the hole, though position 4 is committed
    expect(namesOf(await store.readAll(0, 100))).toEqual(['first']);
    expect(await store.readAll(1, 100)).toEqual([]);
    expect(await store.headPosition()).toBe(4);

    // And once the slow append commits, the reader gets 2, 3 and 4 in order
    await slow.query('COMMIT');
    const page = await store.readAll(1, 100);
    expect(page.map((e) => e.position)).toEqual([2, 3, 4]);
    expect(namesOf(page)).toEqual(['slow-1', 'slow-2', 'fast']);
  });

  it('a rolled-back append leaves a hole that readers pass', async () => {
    // Given an append holding positions 1-2 and a later one committed at 3
    await beginAppend([{ requests: [{ streamId: 'gone', expectedVersion: 0, events: [event('gone-1'), event('gone-2')] }] }]);
    await store.append('kept', 0, [event('kept')]);
    expect(await store.readAll(0, 100)).toEqual([]);

    // When the first rolls back
    await slow.query('ROLLBACK');

    // Then position 3 follows 0 for every reader, and the stream of the rolled-back append is new again
    const page = await store.readAll(0, 100);
    expect(page.map((e) => [e.position, e.streamId])).toEqual([[3, 'kept']]);
    expect((await store.append('gone', 0, [event('again')])).positions).toEqual([4]);
  });

  it('an append to a stream whose previous append has not committed waits for it, then sees its version', async () => {
    // Given an uncommitted append creating stream s
    await beginAppend([{ requests: [{ streamId: 's', expectedVersion: 0, events: [event('s-1')] }] }]);

    // When another process creates s too
    const racing = store.append('s', 0, [event('s-other')]);
    let settled = false;
    void racing.catch(() => undefined).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    // (holding the append lock meanwhile: others wait too, for as long as a commit takes outside tests)
    expect(settled).toBe(false);

    // Then, once the first commits, it gets a version conflict: s is at version 1
    await slow.query('COMMIT');
    await expect(racing).rejects.toEqual(new WrongExpectedVersionError('s', 0, 1));
    expect((await store.readStream('s')).map((e) => e.streamVersion)).toEqual([1]);
  });

  it('after a failed append the lock is free, and the function refuses to join a transaction that already wrote', async () => {
    // Given an append that fails inside the function (an event without a type breaks a NOT NULL)
    const batch = encodeAppendBatch([{ requests: [{ streamId: 'b', expectedVersion: 0, events: [event('b')] }] }]);
    const [headers, , data, metadata] = batch;
    await expect(slow.query(APPEND_SQL, [headers, [null], data, metadata])).rejects.toThrow(/null value/);

    // Then other appenders go on
    expect((await store.append('after', 0, [event('after')])).positions).toHaveLength(1);
    const held = await slow.query(
      "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    );
    expect(held.rows[0].n).toBe(0);

    // And an append after another write of the same transaction is refused, since its transaction id
    // would not have been taken under the lock
    await slow.query('BEGIN');
    await slow.query("INSERT INTO checkpoints VALUES ('x', 1)");
    await expect(slow.query(APPEND_SQL, batch)).rejects.toThrow(/first write of its transaction/);
    await slow.query('ROLLBACK');
  });
});
