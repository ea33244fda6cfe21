import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Pool } from 'pg';
import { migrationsFromFileNames } from './migration-files';

/** `infra/migrations` of the repository: src/migrations and dist/migrations are equally deep. */
export const defaultMigrationsFolder = resolve(__dirname, '../../../../infra/migrations');

const migrationLock = 7300410000;

/**
 * Applies the migrations the database has not recorded in schema_migrations, each in its own
 * transaction. Runners started at once (several services booting) queue on an advisory lock, so
 * each migration is applied exactly once. Returns the versions this call applied.
 */
export async function runMigrations(pool: Pool, folder = defaultMigrationsFolder): Promise<number[]> {
  const migrations = migrationsFromFileNames(await readdir(folder));
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [migrationLock]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    int         PRIMARY KEY,
      name       text        NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    const pending = migrations.filter((migration) => !applied.has(migration.version));
    for (const migration of pending) {
      const sql = await readFile(join(folder, migration.fileName), 'utf8');
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${migration.fileName} failed: ${(error as Error).message}`, { cause: error });
      }
    }
    return pending.map((migration) => migration.version);
  } finally {
    // Ending the session releases the advisory lock whatever happened above.
    client.release(true);
  }
}
