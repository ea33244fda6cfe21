import { createTestDatabase, type TestDatabase } from '@kronicle/testing';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultMigrationsFolder, runMigrations } from './run-migrations';

describe('runMigrations', () => {
  let db: TestDatabase;
  let pools: Pool[];
  const newPool = (): Pool => {
    const pool = new Pool({ connectionString: db.url, max: 1 });
    pools.push(pool);
    return pool;
  };

  beforeEach(async () => {
    db = await createTestDatabase();
    pools = [];
  });

  afterEach(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await db.drop();
  });

  it('applies each migration once when several runners start at once', async () => {
    // When five runners (five processes booting) migrate an empty database at the same time
    const applied = await Promise.all(Array.from({ length: 5 }, () => runMigrations(newPool())));

    // Then one of them applied every migration, the others none, and each is recorded once
    const appliedBy = applied.filter((versions) => versions.length > 0);
    expect(appliedBy).toHaveLength(1);
    expect(appliedBy[0]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const { rows } = await newPool().query('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows).toEqual([
      { version: 1, name: 'event_log' },
      { version: 2, name: 'append_function' },
      { version: 3, name: 'append_function_linear' },
      { version: 4, name: 'append_commits_side_by_side' },
      { version: 5, name: 'events_lz4' },
      { version: 6, name: 'append_fewer_statements' },
      { version: 7, name: 'events_data_as_json' },
      { version: 8, name: 'append_takes_event_arrays' },
    ]);
  });

  it('is idempotent, and later applies only what is new', async () => {
    // Given a migrated database
    const pool = newPool();
    await runMigrations(pool);

    // When it runs again, nothing is applied
    expect(await runMigrations(pool)).toEqual([]);

    // When a new migration appears, only it is applied
    const folder = await mkdtemp(join(tmpdir(), 'kronicle-migrations-'));
    try {
      await cp(defaultMigrationsFolder, folder, { recursive: true });
      await writeFile(join(folder, '9999_extra_table.sql'), 'CREATE TABLE extra (x int);');
      expect(await runMigrations(pool, folder)).toEqual([9999]);
      expect(await runMigrations(pool, folder)).toEqual([]);
    } finally {
      await rm(folder, { recursive: true });
    }
  });

  it('leaves nothing of a failing migration behind', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'kronicle-migrations-'));
    try {
      await writeFile(join(folder, '0001_half.sql'), 'CREATE TABLE half (x int); SELECT * FROM missing_table;');
      const pool = newPool();
      await expect(runMigrations(pool, folder)).rejects.toThrow(/0001_half\.sql/);
      const { rows } = await pool.query(`SELECT to_regclass('half') AS half, (SELECT count(*)::int FROM schema_migrations) AS recorded`);
      expect(rows).toEqual([{ half: null, recorded: 0 }]);
    } finally {
      await rm(folder, { recursive: true });
    }
  });
});
