import type { NewEvent } from '@kronicle/contracts';
import { createTestDatabase, type TestDatabase } from '@kronicle/testing';
import { Pool } from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPgEventStore } from '../pg-event-store';
import { migrateUpTo } from './migrate-up-to';
import { runMigrations } from './run-migrations';

const metadata = { correlationId: 'c-1', actor: 'user:ålice', time: '2026-01-01T00:00:00Z' };

describe('migration 0007 (event data as json)', () => {
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

  it('keeps every event a log written before it held, and the log goes on', async () => {
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
});
