import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startChild } from './child';
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
import type { PodCreatorResult, PodCreatorTask } from './pod-creator-process';
import { LogProgress, pollUntil } from './pod-progress';
import { javascriptSpeedLine, loadLine } from './report';
import { median, percentile } from './stats';

/**
 * `npm run bench:scheduling`: 10,000 pods created through the API onto 1,000 simulated nodes, through
 * the whole mesh (API → log → relay → scheduler → node-agent), next to raw Postgres and NATS
 * baselines of the same rows measured in the same run. Bounded: every run has a deadline, and a run
 * that does not finish reports how far it got.
 */
const usage = `usage: npm run bench:scheduling -- [--runs 1] [--pods 10000] [--nodes 1000] [--concurrency 64] [--timeout 120] [--budget 330]
  --timeout  seconds a run may take from the first create until every pod is Ready
  --budget   seconds the whole command may take; no run starts that could not finish within it`;

interface RunResult {
  pods: number;
  ready: number;
  /** Ms from the first POST to the last pod Ready (or to the deadline). */
  elapsedMs: number;
  done: boolean;
  creator: PodCreatorResult;
  startup: number[];
  toBound: number[];
  boundToReady: number[];
  slice: LogSlice;
  use: ProcessUse;
  baselines: Baselines;
  load: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      runs: { type: 'string', default: '1' },
      pods: { type: 'string', default: '10000' },
      nodes: { type: 'string', default: '1000' },
      concurrency: { type: 'string', default: '64' },
      timeout: { type: 'string', default: '120' },
      budget: { type: 'string', default: '330' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(usage);
  const [runs, pods, nodes, concurrency, timeout, budget] = [values.runs, values.pods, values.nodes, values.concurrency, values.timeout, values.budget].map(Number);
  const end = Date.now() + budget * 1000;
  console.log(`settings: ${runs} runs, ${int(pods)} pods on ${int(nodes)} nodes (pod profile fast), ${concurrency} creates in flight, ${timeout} s per run, ${budget} s in all`);
  console.log(`at start: ${loadLine()}; ${javascriptSpeedLine()}\n`);
  const results: RunResult[] = [];
  for (let run = 1; run <= runs; run++) {
    // A run needs the mesh start (up to 150 s with 1,000 nodes on this loaded machine), its timeout and its baselines.
    const needed = (150 + timeout + 30) * 1000;
    if (run > 1 && Date.now() + needed > end) {
      log(`run ${run} skipped: it might not finish within --budget ${budget} s`);
      break;
    }
    results.push(await measureRun(run, pods, nodes, concurrency, timeout));
    log(`after run ${run}: ${loadLine()}; ${javascriptSpeedLine()}`);
  }
  console.log(`\n${report(results, pods, nodes)}`);
  if (!results.every((r) => r.done)) process.exitCode = 1;
}

async function measureRun(run: number, pods: number, nodes: number, concurrency: number, timeout: number): Promise<RunResult> {
  const started = Date.now();
  const mesh = await startScaleMesh(nodes, started + 150_000);
  log(`run ${run}: mesh up with ${nodes} nodes in ${secs(Date.now() - started)}`);
  const progress = new LogProgress(mesh.databaseUrl, 'k8s/core/pods/default/');
  try {
    await progress.open();
    progress.position = await headPosition(mesh.databaseUrl);
    const from = progress.position;
    const creator = await startChild<PodCreatorResult>('pod-creator-process.js', {
      apiUrl: mesh.apiUrl,
      caFile: join(mesh.home, 'pki', 'ca.crt'),
      token: mesh.token,
      namespace: 'default',
      namePrefix: `bench-${run}`,
      count: pods,
      concurrency,
      deadline: Date.now() + timeout * 1000,
    } satisfies PodCreatorTask);
    const before = await sampleMesh(mesh.databaseUrl);
    const t0 = Date.now();
    const deadline = t0 + timeout * 1000;
    const creating = creator.go();
    let lastLine = 0;
    const done = await pollUntil(progress, () => progress.readyCount >= pods, deadline, 500, () => {
      if (Date.now() - lastLine < 5000) return;
      lastLine = Date.now();
      log(`  +${secs(Date.now() - t0)}: created ${int(progress.createdCount)}, bound ${int(progress.boundCount)}, ready ${int(progress.readyCount)}; load ${load1().toFixed(1)}`);
    });
    const after = await sampleMesh(mesh.databaseUrl);
    const creatorResult = await creating;
    const readyTimes = [...progress.pods.values()].flatMap((p) => (p.ready !== undefined ? [p.ready] : []));
    const elapsedMs = done ? Math.max(...readyTimes) - t0 : Date.now() - t0;
    const use = processUse(before, after, (Date.now() - t0) / 1000);
    const slice = logSlice(mesh.databaseUrl, from, await headPosition(mesh.databaseUrl));
    const sliceValue = await slice;
    const times = [...progress.pods.values()];
    const diff = (a: 'created' | 'bound', b: 'bound' | 'ready') => times.flatMap((p) => (p[a] !== undefined && p[b] !== undefined ? [p[b]! - p[a]!] : [])).sort((x, y) => x - y);
    const result = {
      pods,
      ready: progress.readyCount,
      elapsedMs,
      done,
      creator: creatorResult,
      // A pod not Ready by the end counts with the time it has waited so far (a lower bound), so an
      // unfinished run cannot look fast by leaving its slowest pods out.
      startup: times.flatMap((p) => (p.created === undefined ? [] : [(p.ready ?? t0 + elapsedMs) - p.created])).sort((x, y) => x - y),
      toBound: diff('created', 'bound'),
      boundToReady: diff('bound', 'ready'),
      slice: sliceValue,
      use,
      load: load1(),
    };
    log(
      `run ${run}: ${done ? 'all' : 'NOT all'} ${int(result.ready)} pods Ready after ${secs(elapsedMs)} = ${int(result.ready / (elapsedMs / 1000))} pods/s; ` +
        `creates ${int(creatorResult.ok)} ok, ${creatorResult.errors} errors in ${secs(creatorResult.lastAnswered - creatorResult.firstSent)} (client CPU ${secs(creatorResult.cpuMs)}); ` +
        `startup p50 ${ms(percentile(result.startup, 50))} p99 ${ms(percentile(result.startup, 99))}`,
    );
    log(`  events ${int(sliceValue.events)} (${(sliceValue.events / pods).toFixed(1)}/pod asked, mean ${sliceValue.meanBytes} bytes): ${JSON.stringify(sliceValue.byActor)}`);
    log(`  events by resource and type: ${JSON.stringify(sliceValue.byType)}`);
    log(`  CPU over ${secs(use.seconds * 1000)}: ${cpuLine(use)}`);
    log(`  peak RSS: ${memoryLine(use)}`);
    await progress.close();
    await mesh.destroy();
    log(`run ${run}: baselines`);
    const baselines = await measureBaselines(sliceValue);
    log(`run ${run}: raw INSERT ${int(baselines.insertRowsPerSecond)} rows/s, JetStream publish ${int(baselines.publishPerSecond)} msg/s`);
    return { ...result, baselines };
  } catch (error) {
    await progress.close();
    await mesh.destroy();
    throw error;
  }
}

const ms = (n: number) => (Number.isFinite(n) ? `${Math.round(n).toLocaleString('en-US')} ms` : 'n/a');

function report(results: RunResult[], pods: number, nodes: number): string {
  if (!results.length) return '!! no run finished';
  const m = (f: (r: RunResult) => number) => median(results.map(f));
  const rate = m((r) => r.ready / (r.elapsedMs / 1000));
  // Per pod asked for: in a run that did not finish this undercounts, so the floor below errs high.
  const perPod = (r: RunResult) => r.slice.events / r.pods;
  const eventsPerPod = m(perPod);
  // The floor: the same rows through plain INSERTs, the same messages through JetStream, whichever is slower.
  const floorPods = m((r) => Math.min(r.baselines.insertRowsPerSecond, r.baselines.publishPerSecond) / perPod(r));
  const p = (f: (r: RunResult) => number[], q: number) => m((r) => percentile(f(r), q));
  const allDone = results.every((r) => r.done);
  const lines = [
    `| figure | result (median of ${results.length}) | baseline (same run) | ratio | target | met? |`,
    '| --- | --- | --- | --- | --- | --- |',
    `| ${int(pods)} pods on ${int(nodes)} nodes, creation → Ready, end to end | ${int(rate)} pods/s${allDone ? '' : ` (NOT all Ready: ${results.map((r) => `${int(r.ready)} in ${secs(r.elapsedMs)}`).join(', ')})`} | ` +
      `raw INSERT ${int(m((r) => r.baselines.insertRowsPerSecond))} rows/s, JetStream publish ${int(m((r) => r.baselines.publishPerSecond))} msg/s ÷ ${eventsPerPod.toFixed(1)} events/pod = ${int(floorPods)} pods/s | ` +
      `${(rate / floorPods).toFixed(2)} × | ≥ 1,000 pods/s | ${allDone && rate >= 1000 ? 'yes' : '**NOT MET**'} |`,
    `| pod startup latency (log: ObjectCreated → Ready=True${allDone ? '' : '; pods not Ready count with their wait so far, so these are lower bounds'}) | p50 ${ms(p((r) => r.startup, 50))}, p99 ${ms(p((r) => r.startup, 99))}, max ${ms(p((r) => r.startup, 100))} | | | p99 ≤ 1,000 ms | ${allDone && p((r) => r.startup, 99) <= 1000 ? 'yes' : '**NOT MET**'} |`,
    `| of which created → bound (scheduler) | p50 ${ms(p((r) => r.toBound, 50))}, p99 ${ms(p((r) => r.toBound, 99))} | | | | |`,
    `| of which bound → Ready (node-agent) | p50 ${ms(p((r) => r.boundToReady, 50))}, p99 ${ms(p((r) => r.boundToReady, 99))} | | | | |`,
    `| API creates (client, ${results[0].creator.latency.count ? 'closed loop' : ''}) | ${int(m((r) => r.creator.ok / ((r.creator.lastAnswered - r.creator.firstSent) / 1000)))} creates/s, request p50 ${ms(m((r) => r.creator.latency.p50))} p99 ${ms(m((r) => r.creator.latency.p99))}, ${results.reduce((a, r) => a + r.creator.errors, 0)} errors | | | | |`,
  ];
  const names = [...new Set(results.flatMap((r) => [...r.use.peakMb.keys()]))].sort();
  const memory = names.map((name) => `${name} ${int(m((r) => r.use.peakMb.get(name) ?? Number.NaN))} MB`).join(', ');
  const perRun = results.map(
    (r, i) =>
      `run ${i + 1}: ${int(r.ready)}/${int(r.pods)} Ready in ${secs(r.elapsedMs)} (${int(r.ready / (r.elapsedMs / 1000))} pods/s), startup p50 ${ms(percentile(r.startup, 50))} p99 ${ms(percentile(r.startup, 99))}, ` +
      `raw INSERT ${int(r.baselines.insertRowsPerSecond)} rows/s, JetStream ${int(r.baselines.publishPerSecond)} msg/s, ${int(r.slice.events)} events, load ${r.load.toFixed(1)}\n  CPU: ${cpuLine(r.use)}`,
  );
  const warnings = results.flatMap((r, i) => [
    ...(r.done ? [] : [`run ${i + 1} NOT finished: ${int(r.ready)} of ${int(r.pods)} pods Ready after ${secs(r.elapsedMs)}`]),
    ...(r.creator.errors ? [`run ${i + 1}: ${r.creator.errors} creates failed, e.g. ${r.creator.errorSamples.slice(0, 2).join(' | ')}`] : []),
  ]);
  return [
    ...lines,
    '',
    `peak RSS per process (VmHWM, median): ${memory}`,
    ...perRun,
    ...(warnings.length ? ['', '!'.repeat(100), ...warnings.map((w) => `!! ${w}`), '!'.repeat(100)] : []),
  ].join('\n');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
