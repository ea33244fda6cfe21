import { Pool } from 'pg';
import { objectStreamId, ObjectEventType } from '@kronicle/contracts';
import { apiPoster, requestTimeoutMs } from './api-post';
import { serveTask } from './child';
import { openLoop, type OpenLoopResult } from './open-loop';
import { rawInsert } from './raw-table';
import { sampleConfigMap, sampleMetadata } from './sample-events';

/**
 * The client of the latency benchmark, in a process of its own like a real client: ConfigMap
 * creates through the API (`api`), or the baseline, single-row INSERT transactions (`insert`).
 */
export type LoadTask = {
  rate: number;
  seconds: number;
  warmupSeconds: number;
  /** Names are `<namePrefix>-<i>`: unique across runs against one mesh. */
  namePrefix: string;
} & ({ kind: 'api'; apiUrl: string; caFile: string; token: string } | { kind: 'insert'; databaseUrl: string });

serveTask<LoadTask, OpenLoopResult>(async (task) => {
  const send = task.kind === 'api' ? await apiCreate(task) : await rowInsert(task);
  return () => openLoop(task.rate, task.seconds, task.warmupSeconds, send);
});

async function apiCreate(task: Extract<LoadTask, { kind: 'api' }>): Promise<(i: number) => Promise<void>> {
  const { post } = apiPoster({ apiUrl: task.apiUrl, caFile: task.caFile, token: task.token, path: '/api/v1/namespaces/default/configmaps', maxSockets: 256 });
  return (i) => post(JSON.stringify(sampleConfigMap(`${task.namePrefix}-${i}`, i)));
}

async function rowInsert(task: Extract<LoadTask, { kind: 'insert' }>): Promise<(i: number) => Promise<void>> {
  const pool = new Pool({ connectionString: task.databaseUrl, max: 8, application_name: 'bench-commit', query_timeout: requestTimeoutMs });
  // Open every connection before the clock starts.
  await Promise.all(Array.from({ length: 8 }, () => pool.query('SELECT 1')));
  return async (i) => {
    const name = `${task.namePrefix}-${i}`;
    const streamId = objectStreamId({ group: '', resource: 'configmaps', namespace: 'default', name });
    const event = {
      type: ObjectEventType.Created,
      data: { group: '', resource: 'configmaps', object: sampleConfigMap(name, i, { namespace: 'default' }) },
      metadata: sampleMetadata(),
    };
    // Autocommit: one INSERT is one transaction, one durable commit.
    await pool.query({ name: 'raw_insert_one', ...rawInsert(streamId, 1, [event]) });
  };
}
