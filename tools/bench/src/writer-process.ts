import { createPgEventStore } from '@kronicle/event-store';
import { Client } from 'pg';
import { serveTask } from './child';
import { rawInsert } from './raw-table';
import { sampleBatch } from './sample-events';

/** One concurrent writer of the append benchmark (`append`) or of its baseline (`insert`). */
export interface WriterTask {
  kind: 'append' | 'insert';
  databaseUrl: string;
  writer: number;
  batches: number;
  batchSize: number;
}

serveTask<WriterTask, number>(async ({ kind, databaseUrl, writer, batches, batchSize }) => {
  // Built before `ready`: the figure is the write path, not the sample generator.
  const work = Array.from({ length: batches }, (_, b) => sampleBatch(writer, b, batchSize));
  if (kind === 'append') {
    // Its own store, as each service process has its own: appends of different writers meet in Postgres.
    const store = await createPgEventStore({ connectionString: databaseUrl, poolSize: 2, applicationName: 'bench-append' });
    await store.headPosition(); // opens the connection before the clock starts
    return async () => {
      for (const { streamId, events } of work) await store.append(streamId, 0, events);
      await store.close();
      return batches * batchSize;
    };
  }
  const client = new Client({ connectionString: databaseUrl, application_name: 'bench-insert' });
  await client.connect();
  return async () => {
    for (const { streamId, events } of work) {
      // Named, like the store's statements, so both are parsed and planned once.
      await client.query({ name: 'raw_insert', ...rawInsert(streamId, 1, events) });
    }
    await client.end();
    return batches * batchSize;
  };
});
