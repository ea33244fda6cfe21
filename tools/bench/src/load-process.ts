import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { Pool } from 'pg';
import { objectStreamId, ObjectEventType } from '@kronicle/contracts';
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

/** Longest a request may take before it counts as an error: keeps the run bounded. */
const requestTimeoutMs = 10_000;

serveTask<LoadTask, OpenLoopResult>(async (task) => {
  const send = task.kind === 'api' ? await apiCreate(task) : await rowInsert(task);
  return () => openLoop(task.rate, task.seconds, task.warmupSeconds, send);
});

async function apiCreate(task: Extract<LoadTask, { kind: 'api' }>): Promise<(i: number) => Promise<void>> {
  // Keep-alive, as kubectl and client-node do: the figure is the create, not the TLS handshake.
  const agent = new Agent({ keepAlive: true, ca: readFileSync(task.caFile), maxSockets: 256 });
  const url = new URL('/api/v1/namespaces/default/configmaps', task.apiUrl);
  const headers = { authorization: `Bearer ${task.token}`, 'content-type': 'application/json' };
  return (i) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify(sampleConfigMap(`${task.namePrefix}-${i}`, i));
      const req = request(url, { method: 'POST', agent, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new Error(`HTTP ${status}: ${text.slice(0, 200)}`));
        });
      });
      req.setTimeout(requestTimeoutMs, () => req.destroy(new Error(`no answer within ${requestTimeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
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
