import type { NewEvent } from '@kronicle/contracts';
import { createTestDatabase, type TestDatabase } from '@kronicle/testing';
import { Pool } from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPgEventStore } from '../pg-event-store';
import { migrateUpTo } from './migrate-up-to';
import { runMigrations } from './run-migrations';

const metadata = { correlationId: 'c-1', actor: 'user:ålice', time: '2026-01-01T00:00:00Z' };

/** Each migration that changes what is stored or how it is appended, from a database an older build left. */
describe('upgrading a log', () => {
  let db: TestDatabase;
  let pool: Pool;

  beforeEach(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 1 });
  });

  afterEach(async () => {
    await pool.end();
    await db.drop();
  });

  it('0007 (event data as json) keeps every event a log written before it held, and the log goes on', async () => {
    // Given a log at migration 0006, written through its jsonb append function
    expect(await migrateUpTo(pool, 6)).toEqual([1, 2, 3, 4, 5, 6]);
    const written: NewEvent[] = [
      { type: 'ObjectCreated', data: { group: 'apps', resource: 'deployments', object: { spec: { replicas: 3, ratio: 1.5, big: 1e21, note: 'tab\there "q" \\ 😀 é' } } }, metadata },
      { type: 'Scalar', data: 'just a string', metadata },
      { type: 'Nothing', data: null, metadata },
    ];
    const groups = [{ requests: [{ streamId: 'k8s/apps/deployments/default/web', expected: 0, count: 1 }, { streamId: 'other', expected: 0, count: 2 }], checkpoint: null }];
    await pool.query('SELECT kronicle_append($1::jsonb, $2::jsonb)', [JSON.stringify(groups), JSON.stringify(written)]);

    // When the remaining migrations run
    expect(await runMigrations(pool)).toEqual([7, 8]);

    // Then the jsonb signature is gone, so no old caller goes on appending through it
    await expect(pool.query('SELECT kronicle_append($1::jsonb, $2::jsonb)', [JSON.stringify(groups), JSON.stringify(written)])).rejects.toThrow(/does not exist/);
    // And the events read back as they were written, and appends go on after them
    const store = await createPgEventStore({ connectionString: db.url });
    try {
      expect((await store.readAll(0, 10)).map(({ type, data }) => ({ type, data }))).toEqual(written.map(({ type, data }) => ({ type, data })));
      expect((await store.append('other', 2, [{ type: 'After', data: { ok: true }, metadata }])).positions).toEqual([4]);
      expect((await store.readAllEncoded(0, 10)).map((e) => JSON.parse(e.json))).toEqual(await store.readAll(0, 10));
    } finally {
      await store.close();
    }
  });

  it("0008 (the append takes the events as parallel arrays) keeps a log 0007's function wrote, refuses that function's callers, and appends after it as before", async () => {
    // Given a log at migration 0007, written through its append function
    expect(await migrateUpTo(pool, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const written: NewEvent[] = [
      { type: 'ObjectCreated', data: { group: 'apps', resource: 'deployments', object: { spec: { replicas: 3, note: 'tab\there "q" \\ 😀 é' } } }, metadata },
      { type: 'Nothing', data: null, metadata },
    ];
    const groups = [{ requests: [{ streamId: 'other', expected: 0, count: 2 }], checkpoint: null }];
    await pool.query('SELECT kronicle_append($1::jsonb, $2::json)', [JSON.stringify(groups), JSON.stringify(written)]);

    // When the remaining migrations run
    expect(await runMigrations(pool)).toEqual([8]);

    // Then 0007's signature is gone, and the log reads back and goes on through the store
    await expect(pool.query('SELECT kronicle_append($1::jsonb, $2::json)', [JSON.stringify(groups), JSON.stringify(written)])).rejects.toThrow(/does not exist/);
    const store = await createPgEventStore({ connectionString: db.url });
    try {
      const after: NewEvent[] = [
        { type: 'After', data: { ok: true, list: [1, 'two', null] }, metadata },
        { type: 'Scalar', data: 'just a string', metadata },
        { type: 'Nothing', data: null, metadata },
      ];
      expect((await store.append('other', 2, after)).positions).toEqual([3, 4, 5]);
      expect((await store.readAll(0, 10)).map(({ type, data, metadata: m, streamVersion }) => ({ type, data, metadata: m, streamVersion }))).toEqual(
        [...written, ...after].map(({ type, data }, i) => ({ type, data, metadata, streamVersion: i + 1 })),
      );
    } finally {
      await store.close();
    }
  });
});
