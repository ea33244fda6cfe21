import { createTestDatabase, type TestDatabase } from '@kronicle/testing';
import { Client } from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPgEventStore } from './pg-event-store';

describe('the events table', () => {
  let db: TestDatabase;
  let client: Client;

  beforeEach(async () => {
    // Given a log with one event, and a plain SQL connection to it
    db = await createTestDatabase();
    const store = await createPgEventStore({ connectionString: db.url, poolSize: 1 });
    await store.append('a', 0, [{ type: 'Created', data: { n: 1 }, metadata: { correlationId: 'c', actor: 'user:a', time: '2026-01-01T00:00:00Z' } }]);
    await store.close();
    client = new Client({ connectionString: db.url });
    await client.connect();
  });

  afterEach(async () => {
    await client.end();
    await db.drop();
  });

  it.each([
    ['UPDATE', `UPDATE events SET data = '{"n": 2}'`],
    ['DELETE', 'DELETE FROM events'],
    ['DELETE', 'DELETE FROM events WHERE false'],
    ['TRUNCATE', 'TRUNCATE events'],
  ])('refuses %s (%s) and keeps the event', async (operation, sql) => {
    await expect(client.query(sql)).rejects.toMatchObject({ code: 'KR001', message: expect.stringContaining(operation) });
    const { rows } = await client.query('SELECT data FROM events');
    expect(rows).toEqual([{ data: { n: 1 } }]);
  });
});
