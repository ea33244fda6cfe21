import { measureReader } from './rebuild-throughput';

/** Baseline of the rebuild figure: the same rows read with plain `pg` in pages of 5,000, nothing folded. */
export function baselineSelect(databaseUrl: string): Promise<number> {
  return measureReader({ kind: 'select', databaseUrl });
}
