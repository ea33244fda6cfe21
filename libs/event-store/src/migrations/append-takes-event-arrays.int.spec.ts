import type { NewEvent } from '@kronicle/contracts';
import { createTestDatabase, type TestDatabase } from '@kronicle/testing';
import { Pool } from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPgEventStore } from '../pg-event-store';
import { migrateUpTo } from './migrate-up-to';
import { runMigrations } from './run-migrations';

const metadata = { correlationId: 'c-1', actor: 'user:ålice', time: '2026-01-01T00:00:00Z' };

describe('migration 0008 (the append takes the events as parallel arrays)', () => {
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

  it("keeps a log 0007's function wrote, refuses that function's callers, and appends after it as before", async () => {
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
