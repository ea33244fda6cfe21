import type { NewEvent } from '@kronicle/contracts';
import { createTestDatabase, type TestDatabase } from '@kronicle/testing';
import { Client } from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPEND_SQL, encodeAppendBatch } from './append-batch';
import { createPgEventStore, type PgEventStore } from './pg-event-store';

const metadata = { correlationId: 'req "1"', actor: 'user:ålice', time: '2026-01-01T00:00:00Z', causationId: 'e-0' };
const event = (type: string, data: unknown): NewEvent => ({ type, data, metadata });

describe('readAllEncoded', () => {
  let db: TestDatabase;
  let store: PgEventStore;

  beforeEach(async () => {
    db = await createTestDatabase();
    store = await createPgEventStore({ connectionString: db.url, poolSize: 3 });
  });

  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('encodes each event as the JSON of the event readAll returns, with its routing fields', async () => {
    // Given object and other events whose strings and numbers need care in JSON
    await store.append('k8s/apps/deployments/default/web "quoted"', 0, [
      event('ObjectCreated', { group: 'apps', resource: 'deployments', object: { spec: { replicas: 3, ratio: 1.5, big: 1e21, note: 'tab\there\nline "q" \\ 😀 \u0001' } } }),
      event('ObjectUpdated', { group: 'apps', resource: 'deployments', object: { list: [1, 'two', null, true, { empty: {} }] } }),
    ]);
    await store.append('k8s/core/pods/default/p', 0, [event('ObjectCreated', { group: '', resource: 'pods', object: {} })]);
    await store.append('k8s/not-an-object', 0, [event('ObjectCreated', { group: 'odd', resource: 'things', object: {} })]);
    await store.append('nodes/n1', 0, [event('Node\t"WentNotReady"', { reason: 'lost' }), event('Scalar', 'just a string'), event('Nothing', null)]);

    // When the log is read encoded
    const encoded = await store.readAllEncoded(0, 100);

    // Then each body parses to exactly what readAll gives, and position is a JSON number
    const events = await store.readAll(0, 100);
    expect(encoded.map((e) => JSON.parse(e.json))).toEqual(events);
    expect(encoded.map((e) => Object.keys(JSON.parse(e.json)))).toEqual(events.map((e) => Object.keys(e)));
    expect(encoded.map((e) => JSON.parse(e.json).position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // And the fields a publisher routes by are set where the event has them
    expect(encoded.map(({ position, type, streamId, streamVersion, group, resource, correlationId, actor }) => ({ position, type, streamId, streamVersion, group, resource, correlationId, actor }))).toEqual(
      events.map(({ position, type, streamId, streamVersion, data }) => ({
        position,
        type,
        streamId,
        streamVersion,
        group: (data as { group?: string } | null)?.group ?? null,
        resource: (data as { resource?: string } | null)?.resource ?? null,
        correlationId: 'req "1"',
        actor: 'user:ålice',
      })),
    );
    // (an object's from its stream id, core as ''; another stream's from its data)
    expect(encoded.slice(0, 4).map((e) => [e.group, e.resource])).toEqual([['apps', 'deployments'], ['apps', 'deployments'], ['', 'pods'], ['odd', 'things']]);
  });

  it('pages like readAll', async () => {
    await store.append('s', 0, [event('A', {}), event('B', {}), event('C', {})]);

    expect((await store.readAllEncoded(1, 1)).map((e) => e.position)).toEqual([2]);
    expect(await store.readAllEncoded(3, 10)).toEqual([]);
  });

  it('stops before the positions of an append still committing, and passes them once it rolls back', async () => {
    // Given an event, an append holding positions 2-3 in an open transaction, and one committed at 4
    await store.append('first', 0, [event('A', {})]);
    const slow = new Client({ connectionString: db.url });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      await slow.query(APPEND_SQL, encodeAppendBatch([{ requests: [{ streamId: 'slow', expectedVersion: 0, events: [event('B', {}), event('C', {})] }] }]));
      await store.append('fast', 0, [event('D', {})]);

      // Then a reader gets only what precedes the hole
      expect((await store.readAllEncoded(0, 100)).map((e) => e.position)).toEqual([1]);
      expect(await store.readAllEncoded(1, 100)).toEqual([]);

      // And once the append rolls back, the hole is passed
      await slow.query('ROLLBACK');
      expect((await store.readAllEncoded(0, 100)).map((e) => e.position)).toEqual([1, 4]);
    } finally {
      await slow.end();
    }
  });
});
