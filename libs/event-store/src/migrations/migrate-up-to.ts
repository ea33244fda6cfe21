import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Pool } from 'pg';
import { migrationsFromFileNames } from './migration-files';
import { defaultMigrationsFolder, runMigrations } from './run-migrations';

/**
 * Applies the migrations up to `lastVersion` only, as an older build left a database, for specs of a
 * later migration's upgrade path; returns the versions applied.
 */
export async function migrateUpTo(pool: Pool, lastVersion: number): Promise<number[]> {
  const folder = await mkdtemp(join(tmpdir(), 'kronicle-migrations-'));
  try {
    const later = (source: string) => migrationsFromFileNames([basename(source)]).some((m) => m.version > lastVersion);
    await cp(defaultMigrationsFolder, folder, { recursive: true, filter: (source) => !later(source) });
    return await runMigrations(pool, folder);
  } finally {
    await rm(folder, { recursive: true });
  }
}
