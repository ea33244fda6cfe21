import { randomUUID } from 'node:crypto';
import { StorageType } from 'nats';
import { connectNats } from '@kronicle/messaging';
import { Client } from 'pg';
import { serveTask } from './child';

/**
 * The baselines of the mesh benchmarks, each writing the *same number of rows or messages of the
 * same size* as the mesh wrote in the measured run, with nothing of Kronicle in the way:
 *
 * - `insert`: one writer of plain multi-row INSERTs (`batch` rows each, named statement, one durable
 *   commit per INSERT) into `raw_events` of a throwaway database. The rows are the run's own event
 *   rows (a sample, cycled), so sizes and JSON shapes match.
 * - `publish`: JetStream publishes to a throwaway file-storage stream, pages of `batch` messages all
 *   in flight at once (what the relay does), payloads of the run's mean event size.
 *
 * Both report rows (messages) per second.
 */
export type MeshBaselineTask =
  | { kind: 'insert'; databaseUrl: string; writer: number; rows: number; batch: number; sample: { type: string; data: string; metadata: string }[] }
  | { kind: 'publish'; natsUrl: string; messages: number; batch: number; bytes: number };

serveTask<MeshBaselineTask, number>(async (task) => {
  if (task.kind === 'insert') {
    const client = new Client({ connectionString: task.databaseUrl, application_name: 'bench-raw-insert' });
    await client.connect();
    const tuples = Array.from({ length: task.batch }, (_, i) => `($${i * 5 + 1}, $${i * 5 + 2}, $${i * 5 + 3}, $${i * 5 + 4}, $${i * 5 + 5})`).join(', ');
    const text = `INSERT INTO raw_events (stream_id, stream_version, type, data, metadata) VALUES ${tuples}`;
    return async () => {
      let written = 0;
      for (let b = 0; written < task.rows; b++) {
        const n = Math.min(task.batch, task.rows - written);
        const values: unknown[] = [];
        for (let i = 0; i < n; i++) {
          const row = task.sample[(written + i) % task.sample.length];
          values.push(`raw/${task.writer}/${b}`, i + 1, row.type, row.data, row.metadata);
        }
        // A short last batch gets its own (unnamed) statement.
        await client.query(n === task.batch ? { name: 'raw_insert_batch', text, values } : { text: text.slice(0, text.indexOf(`, ($${n * 5 + 1}`)), values });
        written += n;
      }
      await client.end();
      return written;
    };
  }
  // The services' own client settings (no async traces), so the baseline is the same client at its best.
  const nats = await connectNats(task.natsUrl, 'bench-raw-publish');
  const jsm = await nats.jetstreamManager();
  const stream = `BENCH_RAW_${randomUUID().slice(0, 8)}`;
  await jsm.streams.add({ name: stream, subjects: [`${stream}.>`], storage: StorageType.File });
  const js = nats.jetstream();
  const payload = new Uint8Array(task.bytes).fill(120);
  return async () => {
    try {
      for (let sent = 0; sent < task.messages; ) {
        const n = Math.min(task.batch, task.messages - sent);
        await Promise.all(Array.from({ length: n }, (_, i) => js.publish(`${stream}.pods.${(sent + i) % 1000}`, payload, { msgID: `${stream}-${sent + i}` })));
        sent += n;
      }
      return task.messages;
    } finally {
      await jsm.streams.delete(stream).catch(() => false);
      await nats.close();
    }
  };
});
