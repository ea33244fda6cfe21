import { measureWriters } from './concurrent-writers';
import { sql, withTestDatabase } from './databases';
import type { BenchOptions } from './options';
import { createRawTable } from './raw-table';

/** Baseline of the append figure: the same rows, writers and batches as plain multi-row INSERTs. */
export function baselineInsert(options: BenchOptions): Promise<number> {
  return withTestDatabase(async (url) => {
    await sql(url, createRawTable);
    return measureWriters('insert', url, options);
  });
}
