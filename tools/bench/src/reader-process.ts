import { createPgEventStore } from '@kronicle/event-store';
import { rebuildState } from '@kronicle/projection';
import { Client } from 'pg';
import { serveTask } from './child';

/** Reads the whole log once: folding it into the projection (`rebuild`), or raw (`select`, the baseline). */
export interface ReaderTask {
  kind: 'rebuild' | 'select';
  databaseUrl: string;
}

/** Page size of both readers: the projection's own (libs/projection/src/rebuild.ts). */
const pageSize = 5_000;

serveTask<ReaderTask, number>(async ({ kind, databaseUrl }) => {
  if (kind === 'rebuild') {
    const store = await createPgEventStore({ connectionString: databaseUrl, poolSize: 2, applicationName: 'bench-rebuild' });
    await store.headPosition(); // connects before the clock starts
    return async () => {
      const state = await rebuildState(store);
      await store.close();
      return state.position;
    };
  }
  const client = new Client({ connectionString: databaseUrl, application_name: 'bench-select' });
  await client.connect();
  return async () => {
    // What any pg program would write: plain rows, jsonb parsed by the driver.
    let after = 0;
    let rows = 0;
    for (;;) {
      const page = await client.query({
        name: 'raw_select',
        text: 'SELECT position, id, stream_id, stream_version, type, data, metadata FROM events WHERE position > $1 ORDER BY position LIMIT $2',
        values: [after, pageSize],
      });
      rows += page.rows.length;
      if (page.rows.length < pageSize) break;
      after = Number(page.rows[page.rows.length - 1].position);
    }
    await client.end();
    return rows;
  };
});
