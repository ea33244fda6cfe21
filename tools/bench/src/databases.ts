import { createTestDatabase } from '@kronicle/testing';
import { Client } from 'pg';

/**
 * Runs `use` on a fresh throwaway database, dropped afterwards whatever happens. A checkpoint
 * first: the dirty pages an earlier run left would otherwise be written out during this one.
 */
export async function withTestDatabase<T>(use: (url: string) => Promise<T>): Promise<T> {
  const database = await createTestDatabase();
  try {
    await sql(database.url, 'CHECKPOINT');
    return await use(database.url);
  } finally {
    await database.drop();
  }
}

/** Runs statements on one short-lived connection. */
export async function sql(url: string, ...statements: string[]): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}
