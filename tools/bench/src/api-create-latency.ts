import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { measureLoad } from './load';
import type { BenchOptions } from './options';
import type { LatencySummary } from './stats';
import { loadMeshSupport, type Mesh } from './test-support';

/** The mesh is up in a few seconds; a start that takes longer than this is a failure. */
const meshStartTimeoutMs = 90_000;

/** ConfigMap create latency through the whole mesh, from a client process at a fixed rate. */
export function apiCreateLatency(mesh: Mesh, options: BenchOptions, run: number): Promise<LatencySummary> {
  return measureLoad({
    kind: 'api',
    apiUrl: mesh.apiUrl,
    caFile: join(mesh.home, 'pki', 'ca.crt'),
    token: mesh.token,
    rate: options.rate,
    seconds: options.seconds,
    warmupSeconds: options.warmupSeconds,
    namePrefix: `bench-${run}`,
  });
}

/**
 * `startMesh()` as the end-to-end tests call it, bounded in time: on a timeout the supervisor this
 * process spawned is stopped (found by parent pid), so no service outlives the benchmark.
 */
export async function startBenchMesh(extraEnv: NodeJS.ProcessEnv = {}, timeoutMs = meshStartTimeoutMs): Promise<Mesh> {
  const { startMesh } = loadMeshSupport();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      for (const pid of ownChildren('tools/supervisor/dist/main.js')) process.kill(pid, 'SIGTERM');
      reject(new Error(`the mesh was not up after ${timeoutMs / 1000} s`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([startMesh(extraEnv), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Pids of this process's children whose command line contains `script`. */
export function ownChildren(script: string, parentPid = process.pid): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      if (parent === parentPid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(script)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}
