import { randomName } from '@kronicle/testing';
import { Client } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureDatabase } from './ensure-database';

const server = 'postgres://postgres@127.0.0.1:5432';

describe('ensureDatabase', () => {
  const name = randomName('kronicle_ensure').replace(/-/g, '_');

  afterEach(async () => {
    const admin = new Client({ connectionString: `${server}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('creates the named database once, however many callers ask at once', async () => {
    // When several processes ensure the same missing database at once, and again later
    await Promise.all(Array.from({ length: 3 }, () => ensureDatabase(`${server}/${name}`)));
    await ensureDatabase(`${server}/${name}`);

    // Then it exists and can be connected to
    const client = new Client({ connectionString: `${server}/${name}` });
    await client.connect();
    const { rows } = await client.query('SELECT current_database() AS db');
    await client.end();
    expect(rows).toEqual([{ db: name }]);
  });
});
