import { loadavg } from 'node:os';
import { Client } from 'pg';
import { appendThroughput } from './append-throughput';
import { apiCreateLatency, startBenchMesh } from './api-create-latency';
import { baselineCommitLatency } from './baseline-commit-latency';
import { baselineInsert } from './baseline-insert';
import { baselineSelect } from './baseline-select';
import { withTestDatabase } from './databases';
import { parseOptions, type BenchOptions } from './options';
import { rebuildThroughput, seedLog } from './rebuild-throughput';
import { loadLine, machineLine, renderReport, settingsLine, type Figure, type LatencyFigure, type ThroughputFigure } from './report';
import type { LatencySummary } from './stats';

/**
 * `npm run bench:log`: the event log's figures next to baselines measured in the same run, as
 * medians of several runs. Baseline and measurement alternate within each run, so a noisy
 * neighbour slows both rather than one.
 */
async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const serverUrl = process.env.KRONICLE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  console.log(`machine: ${machineLine(await postgresVersion(serverUrl))}`);
  console.log(`settings: ${settingsLine(options)}`);
  console.log(`at start: ${loadLine()}\n`);

  const figures: Figure[] = [];
  let busiest = loadavg()[0];
  const parts = {
    append: { title: 'append throughput', measure: () => appendFigure(options) },
    rebuild: { title: 'rebuild throughput', measure: () => rebuildFigure(options) },
    api: { title: 'API create latency', measure: () => apiFigure(options) },
  };
  for (const part of options.parts) {
    const started = performance.now();
    try {
      figures.push(await parts[part].measure());
    } catch (error) {
      figures.push({ title: parts[part].title, reason: (error as Error).message ?? String(error) });
    }
    busiest = Math.max(busiest, loadavg()[0]);
    log(`${part} done in ${((performance.now() - started) / 1000).toFixed(1)} s; ${loadLine()}`);
  }
  console.log(`\n${renderReport(figures, busiest)}`);
  // A part that could not run fails the command, loudly, after the figures that could be measured.
  if (figures.some((figure) => 'reason' in figure)) process.exitCode = 1;
}

async function appendFigure(options: BenchOptions): Promise<ThroughputFigure> {
  const figure: ThroughputFigure = {
    title: `append throughput (${options.writers} writers, ${options.batch}/append)`,
    baselineTitle: 'raw batched INSERT',
    measured: [],
    baseline: [],
    target: { kind: 'ratio', min: 0.7 },
  };
  for (let run = 1; run <= options.runs; run++) {
    figure.baseline.push(await baselineInsert(options));
    figure.measured.push(await appendThroughput(options));
    log(`append run ${run}: ${rate(figure.measured[run - 1])} vs raw INSERT ${rate(figure.baseline[run - 1])}`);
  }
  return figure;
}

async function rebuildFigure(options: BenchOptions): Promise<ThroughputFigure> {
  return withTestDatabase(async (url) => {
    log(`seeding ${options.rebuildEvents} events`);
    await seedLog(url, options);
    const figure: ThroughputFigure = {
      title: `rebuild throughput (${options.rebuildEvents.toLocaleString('en-US')} events)`,
      baselineTitle: 'raw SELECT, pages of 5,000',
      measured: [],
      baseline: [],
      target: { kind: 'absolute', min: 100_000 },
    };
    for (let run = 1; run <= options.runs; run++) {
      figure.baseline.push(await baselineSelect(url));
      figure.measured.push(await rebuildThroughput(url));
      log(`rebuild run ${run}: ${rate(figure.measured[run - 1])} vs raw SELECT ${rate(figure.baseline[run - 1])}`);
    }
    return figure;
  });
}

async function apiFigure(options: BenchOptions): Promise<LatencyFigure> {
  const figure: LatencyFigure = {
    title: `API ConfigMap create latency at ${options.rate}/s`,
    baselineTitle: 'raw single-row INSERT commit',
    measured: [],
    baseline: [],
    maxP99Ms: 50,
  };
  let mesh;
  try {
    mesh = await startBenchMesh();
  } catch (error) {
    throw new Error(`startMesh() failed, so the API could not be measured (is the API still being built?): ${(error as Error).message}`);
  }
  try {
    for (let run = 1; run <= options.runs; run++) {
      figure.baseline.push(await baselineCommitLatency(options, run));
      figure.measured.push(await apiCreateLatency(mesh, options, run));
      log(`api run ${run}: ${latency(figure.measured[run - 1])} vs raw INSERT ${latency(figure.baseline[run - 1])}`);
    }
  } finally {
    await mesh.destroy();
  }
  return figure;
}

async function postgresVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ v: string }>("SELECT split_part(version(), ' on ', 1) AS v")).rows[0].v;
  } finally {
    await client.end();
  }
}

const log = (line: string) => console.log(`[bench] ${line}`);
const rate = (n: number) => `${Math.round(n).toLocaleString('en-US')}/s`;
const latency = (s: LatencySummary) => `p50 ${s.p50.toFixed(1)} p99 ${s.p99.toFixed(1)} max ${s.max.toFixed(1)} ms, ${s.errors} errors`;

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
