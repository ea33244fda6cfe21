import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createTestDatabase } from '@kronicle/testing';
import { Client } from 'pg';
import { startBenchMesh } from './api-create-latency';
import { startChild } from './child';
import { sql } from './databases';
import { cpuBetween, peakMemory, sampleMesh, type ProcessSample } from './mesh-processes';
import type { MeshBaselineTask } from './mesh-baseline-process';
import { createRawTable } from './raw-table';
import type { Mesh } from './test-support';

/** Shared parts of `bench:scheduling` and `bench:rollout`: the mesh at scale, baselines, CPU and memory. */

export const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
export const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
export const secs = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'n/a');

/**
 * The mesh as the end-to-end tests start it, with `nodes` simulated nodes on the `fast` pod profile
 * (straight to Running, kwok's benchmark profile: the figure is the control plane, not a simulated
 * 1 s ContainerCreating). Resolves once every node is registered in the log.
 * `BENCH_MESH_PROF=<dir>` runs every service with `--cpu-prof` into that directory.
 */
export async function startScaleMesh(nodes: number, deadline: number): Promise<Mesh> {
  const profileDir = process.env.BENCH_MESH_PROF;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    KRONICLE_NODES: String(nodes),
    KRONICLE_POD_PROFILE: 'fast',
    ...(profileDir ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=${profileDir}`.trim() } : {}),
  };
  const mesh = await startBenchMesh(env, Math.max(10_000, deadline - Date.now()));
  try {
    const client = new Client({ connectionString: mesh.databaseUrl, application_name: 'bench-observer' });
    await client.connect();
    try {
      for (;;) {
        const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM streams WHERE starts_with(stream_id, 'k8s/core/nodes/') AND version > 0");
        if (Number(rows[0].n) >= nodes) break;
        if (Date.now() > deadline) throw new Error(`only ${rows[0].n} of ${nodes} nodes registered before the deadline`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    } finally {
      await client.end();
    }
    return mesh;
  } catch (error) {
    await mesh.destroy();
    throw error;
  }
}

/** What the mesh appended between two positions: how many events, their mean size, and a sample to replay. */
export interface LogSlice {
  events: number;
  meanBytes: number;
  byType: Record<string, number>;
  byActor: Record<string, number>;
  sample: { type: string; data: string; metadata: string }[];
}

export async function logSlice(databaseUrl: string, from: number, to: number): Promise<LogSlice> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'bench-observer' });
  await client.connect();
  try {
    const totals = await client.query<{ n: string; bytes: string }>(
      'SELECT count(*) AS n, coalesce(avg(octet_length(data::text) + octet_length(metadata::text)), 0) AS bytes FROM events WHERE position > $1 AND position <= $2',
      [from, to],
    );
    const byType = await client.query<{ k: string; n: string }>(
      "SELECT CASE WHEN starts_with(stream_id, 'k8s/') THEN split_part(stream_id, '/', 3) ELSE split_part(stream_id, '-', 1) END || ' ' || type AS k, count(*) AS n FROM events WHERE position > $1 AND position <= $2 GROUP BY 1 ORDER BY 2 DESC",
      [from, to],
    );
    const byActor = await client.query<{ k: string; n: string }>(
      "SELECT metadata->>'actor' AS k, count(*) AS n FROM events WHERE position > $1 AND position <= $2 GROUP BY 1 ORDER BY 2 DESC",
      [from, to],
    );
    // Evenly spread over the slice, so the sample has the slice's mix of event kinds.
    const sample = await client.query<{ type: string; data: string; metadata: string }>(
      'SELECT type, data::text AS data, metadata::text AS metadata FROM events WHERE position > $1 AND position <= $2 AND position % greatest(1, ($2 - $1) / 400) = 0 LIMIT 400',
      [from, to],
    );
    return {
      events: Number(totals.rows[0].n),
      meanBytes: Math.round(Number(totals.rows[0].bytes)),
      byType: Object.fromEntries(byType.rows.map((r) => [r.k, Number(r.n)])),
      byActor: Object.fromEntries(byActor.rows.map((r) => [r.k ?? '?', Number(r.n)])),
      sample: sample.rows,
    };
  } finally {
    await client.end();
  }
}

export async function headPosition(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'bench-observer' });
  await client.connect();
  try {
    return Number((await client.query<{ position: string }>('SELECT coalesce(max(position), 0) AS position FROM events')).rows[0].position);
  } finally {
    await client.end();
  }
}

export interface Baselines {
  /** Raw batched INSERT of the slice's rows: rows/s (4 writers, 100 rows per INSERT). */
  insertRowsPerSecond: number;
  /** JetStream file-storage publish of as many messages of the slice's mean size: messages/s. */
  publishPerSecond: number;
}

const baselineWriters = 4;

/**
 * The same run's baselines, after the mesh is gone (so they do not compete with it): the rows the
 * mesh appended, written as plainly as Postgres and NATS can take them.
 */
export async function measureBaselines(slice: LogSlice): Promise<Baselines> {
  const rows = Math.max(1000, slice.events);
  const database = await createTestDatabase();
  let insertRowsPerSecond: number;
  try {
    await sql(database.url, 'CHECKPOINT', createRawTable);
    const writers = await Promise.all(
      Array.from({ length: baselineWriters }, (_, writer) =>
        startChild<number>('mesh-baseline-process.js', {
          kind: 'insert',
          databaseUrl: database.url,
          writer,
          rows: Math.ceil(rows / baselineWriters),
          batch: 100,
          sample: slice.sample.length ? slice.sample : [{ type: 'ObjectCreated', data: '{}', metadata: '{}' }],
        } satisfies MeshBaselineTask),
      ),
    );
    const start = performance.now();
    const written = await Promise.all(writers.map((w) => w.go()));
    insertRowsPerSecond = written.reduce((a, b) => a + b, 0) / ((performance.now() - start) / 1000);
  } finally {
    await database.drop();
  }
  const publisher = await startChild<number>('mesh-baseline-process.js', {
    kind: 'publish',
    natsUrl: process.env.KRONICLE_NATS_URL ?? 'nats://127.0.0.1:4222',
    messages: rows,
    batch: 1000,
    bytes: Math.max(100, slice.meanBytes),
  } satisfies MeshBaselineTask);
  const start = performance.now();
  const published = await publisher.go();
  return { insertRowsPerSecond, publishPerSecond: published / ((performance.now() - start) / 1000) };
}

/** CPU and peak memory of every process of the run, between two samples. */
export interface ProcessUse {
  cpu: Map<string, number>;
  peakMb: Map<string, number>;
  seconds: number;
}

export function processUse(before: ProcessSample[], after: ProcessSample[], seconds: number): ProcessUse {
  return { cpu: cpuBetween(before, after), peakMb: peakMemory(after), seconds };
}

export { sampleMesh };

/** "total 36.0 s (1.65 cores): name 1.2 s (60 %), …" for every process that used CPU, most first. */
export function cpuLine(use: ProcessUse): string {
  const total = [...use.cpu.values()].reduce((sum, s) => sum + s, 0);
  const each = [...use.cpu]
    .filter(([, s]) => s > 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([name, s]) => `${name} ${s.toFixed(1)} s (${Math.round((100 * s) / use.seconds)} %)`)
    .join(', ');
  return `total ${total.toFixed(1)} s (${(total / use.seconds).toFixed(2)} cores): ${each}`;
}

export function memoryLine(use: ProcessUse): string {
  return [...use.peakMb]
    .sort((a, b) => b[1] - a[1])
    .map(([name, mb]) => `${name} ${Math.round(mb)} MB`)
    .join(', ');
}

export const load1 = () => loadavg()[0];
