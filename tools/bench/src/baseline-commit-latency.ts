import { sql, withTestDatabase } from './databases';
import { measureLoad } from './load';
import type { BenchOptions } from './options';
import { createRawTable } from './raw-table';
import type { LatencySummary } from './stats';

/**
 * Baseline of the API latency: the same rate of single-row INSERT transactions from the same kind
 * of client process. Each is one durable commit, the least a 2xx from the API can cost.
 */
export function baselineCommitLatency(options: BenchOptions, run: number): Promise<LatencySummary> {
  return withTestDatabase(async (databaseUrl) => {
    await sql(databaseUrl, createRawTable);
    return measureLoad({ kind: 'insert', databaseUrl, rate: options.rate, seconds: options.seconds, warmupSeconds: options.warmupSeconds, namePrefix: `bench-${run}` });
  });
}
