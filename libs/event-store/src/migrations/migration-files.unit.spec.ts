import { describe, expect, it } from 'vitest';
import { migrationsFromFileNames } from './migration-files';

describe('migrationsFromFileNames', () => {
  it('orders migrations by version and ignores other files', () => {
    expect(migrationsFromFileNames(['0010_later.sql', 'README.md', '0002_second.sql', '0001_first.sql'])).toEqual([
      { version: 1, name: 'first', fileName: '0001_first.sql' },
      { version: 2, name: 'second', fileName: '0002_second.sql' },
      { version: 10, name: 'later', fileName: '0010_later.sql' },
    ]);
  });

  it('refuses two migrations with one version', () => {
    expect(() => migrationsFromFileNames(['0001_a.sql', '0001_b.sql'])).toThrow(/two migrations have version 1/);
  });
});
