import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchDeployment, imagePatch } from './bench-objects';
import {
  cpuLine,
  headPosition,
  int,
  load1,
  log,
  logSlice,
  measureBaselines,
  memoryLine,
  processUse,
  sampleMesh,
  secs,
  startScaleMesh,
  type Baselines,
  type LogSlice,
  type ProcessUse,
} from './mesh-bench';
import { LogProgress, pollUntil } from './pod-progress';
import { javascriptSpeedLine, loadLine } from './report';
import { median } from './stats';
import type { Mesh } from './test-support';

/**
 * `npm run bench:rollout`: a Deployment of 10,000 replicas on 1,000 simulated nodes through the whole
 * mesh (API → log → relay → deployment controllers → scheduler → node-agent), timed until Available;
 * then an image change, timed until rolled out (kubectl rollout status' test: observedGeneration
 * caught up, updated = available = total replicas = spec). Both next to the same run's baseline: the
 * time plain batched INSERTs (and JetStream publishes) take for the rows that phase appended.
 */
const usage = `usage: npm run bench:rollout -- [--runs 1] [--replicas 10000] [--nodes 1000] [--available-timeout 120] [--rollout-timeout 90] [--budget 340]`;

const NAME = 'bench-rollout';
const STREAM = `k8s/apps/deployments/default/${NAME}`;

interface Phase {
  done: boolean;
  /** Ms from the request to the Deployment event that says done (or to the deadline). */
  elapsedMs: number;
  readyPods: number;
  slice: LogSlice;
  use: ProcessUse;
  baselines?: Baselines;
  status: string;
}

interface RunResult {
  available: Phase;
  rollout?: Phase;
  load: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      runs: { type: 'string', default: '1' },
      replicas: { type: 'string', default: '10000' },
      nodes: { type: 'string', default: '1000' },
      'available-timeout': { type: 'string', default: '120' },
      'rollout-timeout': { type: 'string', default: '90' },
      budget: { type: 'string', default: '340' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(usage);
  const runs = Number(values.runs);
  const replicas = Number(values.replicas);
  const nodes = Number(values.nodes);
  const availableTimeout = Number(values['available-timeout']);
  const rolloutTimeout = Number(values['rollout-timeout']);
  const budget = Number(values.budget);
  const end = Date.now() + budget * 1000;
  console.log(`settings: ${runs} runs, Deployment of ${int(replicas)} replicas on ${int(nodes)} nodes (pod profile fast, maxSurge 25 %, maxUnavailable 25 %), ${availableTimeout} s to Available, ${rolloutTimeout} s to roll out, ${budget} s in all`);
  console.log(`at start: ${loadLine()}; ${javascriptSpeedLine()}\n`);
  const results: RunResult[] = [];
  for (let run = 1; run <= runs; run++) {
    if (run > 1 && Date.now() + (150 + availableTimeout + rolloutTimeout + 40) * 1000 > end) {
      log(`run ${run} skipped: it might not finish within --budget ${budget} s`);
      break;
    }
    results.push(await measureRun(run, replicas, nodes, availableTimeout, rolloutTimeout));
    log(`after run ${run}: ${loadLine()}; ${javascriptSpeedLine()}`);
  }
  console.log(`\n${report(results, replicas, nodes)}`);
  if (!results.every((r) => r.available.done && r.rollout?.done)) process.exitCode = 1;
}

interface DeploymentView {
  metadata?: { generation?: number };
  spec?: { replicas?: number };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    conditions?: { type: string; status: string; reason?: string }[];
  };
}

const condition = (d: DeploymentView, type: string) => d.status?.conditions?.find((c) => c.type === type);

/** Available: the condition is True and every replica is available. */
function isAvailable(d: DeploymentView, replicas: number): boolean {
  return condition(d, 'Available')?.status === 'True' && (d.status?.availableReplicas ?? 0) >= replicas && (d.status?.updatedReplicas ?? 0) >= replicas;
}

/** `kubectl rollout status`' test of a finished rollout. */
function isRolledOut(d: DeploymentView, replicas: number, generation: number): boolean {
  const s = d.status ?? {};
  // Counts at 0 are left out of the status (omitempty), as upstream prints them.
  return (s.observedGeneration ?? 0) >= generation && (s.updatedReplicas ?? 0) === replicas && (s.replicas ?? 0) === replicas && (s.availableReplicas ?? 0) === replicas;
}

const statusLine = (d: DeploymentView | undefined) => {
  const s = d?.status ?? {};
  return `generation ${d?.metadata?.generation ?? '?'} observed ${s.observedGeneration ?? '-'}, replicas ${s.replicas ?? 0}, updated ${s.updatedReplicas ?? 0}, ready ${s.readyReplicas ?? 0}, available ${s.availableReplicas ?? 0}, Available=${condition(d ?? {}, 'Available')?.status ?? '-'}, Progressing=${condition(d ?? {}, 'Progressing')?.reason ?? '-'}`;
};

async function measureRun(run: number, replicas: number, nodes: number, availableTimeout: number, rolloutTimeout: number): Promise<RunResult> {
  const started = Date.now();
  const mesh = await startScaleMesh(nodes, started + 150_000);
  log(`run ${run}: mesh up with ${nodes} nodes in ${secs(Date.now() - started)}`);
  const progress = new LogProgress(mesh.databaseUrl, 'k8s/core/pods/default/', [STREAM]);
  const api = apiClient(mesh);
  try {
    await progress.open();
    progress.position = await headPosition(mesh.databaseUrl);
    const deployment = () => progress.objects.get(STREAM)?.object as DeploymentView | undefined;

    const available = await phase(mesh, progress, 'available', availableTimeout, () => api('POST', '/apis/apps/v1/namespaces/default/deployments', benchDeployment(NAME, 'default', replicas, 'registry.k8s.io/nginx:1.27')), () => {
      const d = deployment();
      return d !== undefined && isAvailable(d, replicas);
    });
    log(`run ${run}: ${available.done ? 'Available' : 'NOT Available'} after ${secs(available.elapsedMs)}; ${available.status}`);
    let rollout: Phase | undefined;
    if (available.done) {
      rollout = await phase(mesh, progress, 'rollout', rolloutTimeout, () => api('PATCH', `/apis/apps/v1/namespaces/default/deployments/${NAME}`, imagePatch('registry.k8s.io/nginx:1.28'), 'application/merge-patch+json'), () => {
        const d = deployment();
        return d !== undefined && isRolledOut(d, replicas, 2);
      });
      log(`run ${run}: ${rollout.done ? 'rolled out' : 'NOT rolled out'} after ${secs(rollout.elapsedMs)}; ${rollout.status}`);
    }
    await progress.close();
    await mesh.destroy();
    log(`run ${run}: baselines`);
    available.baselines = await measureBaselines(available.slice);
    if (rollout) rollout.baselines = await measureBaselines(rollout.slice);
    return { available, rollout, load: load1() };
  } catch (error) {
    await progress.close();
    await mesh.destroy();
    throw error;
  }
}

/** One timed phase: a request, then the log followed until `done` or the timeout. */
async function phase(mesh: Mesh, progress: LogProgress, name: string, timeout: number, act: () => Promise<void>, done: () => boolean): Promise<Phase> {
  const from = progress.position;
  const before = await sampleMesh(mesh.databaseUrl);
  const readyBefore = progress.readyCount;
  const t0 = Date.now();
  await act();
  let lastLine = 0;
  const finished = await pollUntil(progress, done, t0 + timeout * 1000, 250, () => {
    if (Date.now() - lastLine < 5000) return;
    lastLine = Date.now();
    log(`  ${name} +${secs(Date.now() - t0)}: pods created ${int(progress.createdCount)}, bound ${int(progress.boundCount)}, ready ${int(progress.readyCount)}, deleted ${int(progress.deletedCount)}; ${statusLine(progress.objects.get(STREAM)?.object as DeploymentView)}; load ${load1().toFixed(1)}`);
  });
  const after = await sampleMesh(mesh.databaseUrl);
  // The moment the log said so (Postgres' clock, this machine), not when the poll noticed.
  const elapsedMs = finished ? progress.objects.get(STREAM)!.at - t0 : Date.now() - t0;
  const use = processUse(before, after, (Date.now() - t0) / 1000);
  const slice = await logSlice(mesh.databaseUrl, from, await headPosition(mesh.databaseUrl));
  log(`  ${name}: ${int(slice.events)} events, mean ${slice.meanBytes} bytes: ${JSON.stringify(slice.byActor)}`);
  log(`  CPU over ${secs(use.seconds * 1000)}: ${cpuLine(use)}`);
  log(`  peak RSS: ${memoryLine(use)}`);
  return { done: finished, elapsedMs, readyPods: progress.readyCount - readyBefore, slice, use, status: statusLine(progress.objects.get(STREAM)?.object as DeploymentView) };
}

/** Requests to the mesh's API as kubectl makes them: HTTPS with its CA and bearer token, 10 s timeout. */
function apiClient(mesh: Mesh): (method: string, path: string, body: object, contentType?: string) => Promise<void> {
  const agent = new Agent({ keepAlive: true, ca: readFileSync(join(mesh.home, 'pki', 'ca.crt')) });
  return (method, path, body, contentType = 'application/json') =>
    new Promise((resolve, reject) => {
      const req = request(new URL(path, mesh.apiUrl), { method, agent, headers: { authorization: `Bearer ${mesh.token}`, 'content-type': contentType } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => ((res.statusCode ?? 0) < 300 ? resolve() : reject(new Error(`${method} ${path}: HTTP ${res.statusCode}: ${text.slice(0, 300)}`))));
      });
      req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${path}: no answer within 10 s`)));
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
}

function report(results: RunResult[], replicas: number, nodes: number): string {
  if (!results.length) return '!! no run finished';
  const lines = [
    `| figure | result (median of ${results.length}) | baseline (same run): raw INSERT of the phase's rows | ratio | target | met? |`,
    '| --- | --- | --- | --- | --- | --- |',
  ];
  const row = (title: string, phases: (Phase | undefined)[], targetMs: number, targetText: string) => {
    const measured = phases.filter((p): p is Phase => p !== undefined);
    if (!measured.length) return lines.push(`| ${title} | **NOT MEASURED** (Available was not reached) | | | ${targetText} | **NOT MET** |`);
    const allDone = measured.length === phases.length && measured.every((p) => p.done);
    const elapsed = median(measured.map((p) => p.elapsedMs));
    const floorMs = median(measured.map((p) => (1000 * p.slice.events) / p.baselines!.insertRowsPerSecond));
    const publishMs = median(measured.map((p) => (1000 * p.slice.events) / p.baselines!.publishPerSecond));
    const result = allDone
      ? `${secs(elapsed)} (${int(replicas / (elapsed / 1000))} pods/s)`
      : `not within the bound: ${measured.map((p) => `${int(p.readyPods)} pods Ready after ${secs(p.elapsedMs)} (${int(p.readyPods / (p.elapsedMs / 1000))} pods/s)`).join(', ')}`;
    lines.push(
      `| ${title} | ${result} | ${int(median(measured.map((p) => p.slice.events)))} events: INSERT ${secs(floorMs)}, JetStream publish ${secs(publishMs)} | ${(elapsed / Math.max(floorMs, publishMs)).toFixed(1)} × | ${targetText} | ${allDone && elapsed <= targetMs ? 'yes' : '**NOT MET**'} |`,
    );
  };
  row(`Deployment of ${int(replicas)} replicas on ${int(nodes)} nodes: create → Available`, results.map((r) => r.available), 10_000, '≤ 10 s');
  row('image change rolled out (25 % surge / 25 % unavailable)', results.map((r) => r.rollout), 20_000, '≤ 20 s (2 × the 10 s target)');
  const perRun = results.flatMap((r, i) => [
    `run ${i + 1} (load ${r.load.toFixed(1)}): Available ${r.available.done ? secs(r.available.elapsedMs) : `NOT reached (${int(r.available.readyPods)} pods Ready in ${secs(r.available.elapsedMs)})`}; ${r.available.status}`,
    `  CPU: ${cpuLine(r.available.use)}`,
    `  peak RSS: ${memoryLine(r.available.use)}`,
    `  events by actor: ${JSON.stringify(r.available.slice.byActor)}`,
    ...(r.rollout ? [`  rollout ${r.rollout.done ? secs(r.rollout.elapsedMs) : `NOT finished in ${secs(r.rollout.elapsedMs)}`}; ${r.rollout.status}`, `  CPU: ${cpuLine(r.rollout.use)}`, `  peak RSS: ${memoryLine(r.rollout.use)}`] : []),
  ]);
  return [...lines, '', ...perRun].join('\n');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
