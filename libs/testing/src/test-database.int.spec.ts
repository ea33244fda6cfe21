import { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from './test-database';

describe('createTestDatabase', () => {
  it('gives each caller its own empty database and drops it even with connections open', async () => {
    // Given two test databases
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    expect(a.url).not.toEqual(b.url);

    // When a table is created in one, and a connection is left open
    const client = new Client({ connectionString: a.url });
    client.on('error', () => {});
    await client.connect();
    await client.query('CREATE TABLE t (x int)');
    const other = new Client({ connectionString: b.url });
    await other.connect();
    const { rows } = await other.query(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 't'`);
    await other.end();

    // Then the other does not see it, and both drop cleanly
    expect(rows[0].n).toBe(0);
    await a.drop();
    await b.drop();
    const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    const left = await admin.query('SELECT 1 FROM pg_database WHERE datname = ANY($1)', [
      [a.url, b.url].map((url) => new URL(url).pathname.slice(1)),
    ]);
    await admin.end();
    expect(left.rowCount).toBe(0);
  });
});
