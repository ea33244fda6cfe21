import { Client } from 'pg';
import { randomName } from './random-name';

/** Server the tests run against; `KRONICLE_TEST_PG_URL` overrides it (any database on it will do). */
const serverUrl = process.env.KRONICLE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** Connection string of the new, empty database. */
  url: string;
  /** Drops the database, closing whatever connections the test left open. */
  drop(): Promise<void>;
}

/** Creates an empty, uniquely named database so that tests never see each other's rows. */
export async function createTestDatabase(): Promise<TestDatabase> {
  // Underscores rather than dashes: the name then needs no quoting in psql either.
  const name = randomName('kronicle_test').replace(/-/g, '_');
  await onServer(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function onServer(sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
