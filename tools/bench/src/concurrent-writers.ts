import { startChild } from './child';
import type { BenchOptions } from './options';
import type { WriterTask } from './writer-process';

/**
 * Starts one writer process per `options.writers`, waits until all are connected, then lets them
 * write at once. Returns rows per second over the wall time of the slowest: the throughput the
 * database sustained for all of them together.
 */
export async function measureWriters(kind: WriterTask['kind'], databaseUrl: string, options: BenchOptions): Promise<number> {
  const writers = await Promise.all(
    Array.from({ length: options.writers }, (_, writer) =>
      startChild<number>('writer-process.js', { kind, databaseUrl, writer, batches: options.batchesPerWriter, batchSize: options.batch } satisfies WriterTask),
    ),
  );
  const start = performance.now();
  const rows = await Promise.all(writers.map((writer) => writer.go()));
  const seconds = (performance.now() - start) / 1000;
  return rows.reduce((a, b) => a + b, 0) / seconds;
}
