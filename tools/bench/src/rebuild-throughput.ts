import { createPgEventStore } from '@kronicle/event-store';
import { startChild } from './child';
import { sql } from './databases';
import type { BenchOptions } from './options';
import type { ReaderTask } from './reader-process';
import { sampleBatch } from './sample-events';

/** Events per second folded by `rebuildState` from position 0, in a process of its own. */
export function rebuildThroughput(databaseUrl: string): Promise<number> {
  return measureReader({ kind: 'rebuild', databaseUrl });
}

/** Rows (events) per second one reader process gets through, the whole log once. */
export async function measureReader(task: ReaderTask): Promise<number> {
  const reader = await startChild<number>('reader-process.js', task);
  const start = performance.now();
  const events = await reader.go();
  return events / ((performance.now() - start) / 1000);
}

/**
 * Fills the log with `options.rebuildEvents` sample events through the store (group-committed
 * appends from a few concurrent loops): the log the rebuild and its baseline read.
 */
export async function seedLog(databaseUrl: string, options: BenchOptions): Promise<void> {
  const store = await createPgEventStore({ connectionString: databaseUrl, poolSize: 4 });
  const batches = Math.ceil(options.rebuildEvents / options.batch);
  let next = 0;
  const loop = async () => {
    for (let b = next++; b < batches; b = next++) {
      const size = Math.min(options.batch, options.rebuildEvents - b * options.batch);
      const { streamId, events } = sampleBatch(0, b, size);
      await store.append(streamId, 0, events);
    }
  };
  try {
    await Promise.all([loop(), loop(), loop(), loop()]);
  } finally {
    await store.close();
  }
  // Set hint bits and flush now: otherwise whichever reader comes first pays for writing them.
  await sql(databaseUrl, 'VACUUM ANALYZE events', 'CHECKPOINT');
}
