import { spawnSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';
import type { BenchOptions } from './options';
import { eventJsonBytes, sampleBatch } from './sample-events';
import { median, type LatencySummary } from './stats';

/** A throughput and its baseline, one value per run. */
export interface ThroughputFigure {
  title: string;
  baselineTitle: string;
  measured: number[];
  baseline: number[];
  /** `ratio`: measured ≥ min × baseline; `absolute`: measured ≥ min events/s. */
  target: { kind: 'ratio' | 'absolute'; min: number };
}

/** Create latencies and the commit-latency floor, one summary per run. */
export interface LatencyFigure {
  title: string;
  baselineTitle: string;
  measured: LatencySummary[];
  baseline: LatencySummary[];
  maxP99Ms: number;
}

/** A part that could not run: said loudly, never silently left out. */
export interface NotMeasured {
  title: string;
  reason: string;
}

export type Figure = ThroughputFigure | LatencyFigure | NotMeasured;

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : 'n/a');

export function machineLine(postgresVersion: string): string {
  const cores = cpus();
  return `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Linux ${release()}, Node ${process.version}, ${postgresVersion}`;
}

/** The machine is shared: the load others put on it says how far to trust a run. */
export function loadLine(): string {
  return `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (1, 5, 15 min; ${cpus().length} cores)`;
}

/**
 * How fast the machine runs JavaScript now: the command docs/benchmarks.md compares VMs by,
 * `node -e 'let s=0;for(let i=0;i<3e8;i++)s+=i'` (1.9 s on the fastest VM seen, 4.8 s on the slowest;
 * at the top level of a script, so V8 cannot reduce it to a register loop, as it does in a function).
 * The mesh is CPU-bound, so its pods/s follow this more than the Postgres and NATS baselines, and a VM's
 * speed drifts within a session.
 */
export function javascriptSpeedLine(): string {
  const started = performance.now();
  spawnSync(process.execPath, ['-e', 'let s=0;for(let i=0;i<3e8;i++)s+=i']);
  return `JavaScript speed: the 3·10⁸-step loop in ${((performance.now() - started) / 1000).toFixed(2)} s`;
}

export function settingsLine(options: BenchOptions): string {
  return (
    `runs ${options.runs}; events of ${eventJsonBytes(sampleBatch(0, 0, 2).events[1])} bytes of JSON; append: ${options.writers} writer processes × ${options.batchesPerWriter} appends × ${options.batch} events; ` +
    `rebuild: ${options.rebuildEvents.toLocaleString('en-US')} events; API: ${options.rate}/s for ${options.seconds} s after ${options.warmupSeconds} s warm-up`
  );
}

/** The results table (Markdown, so it can go into docs/benchmarks.md as printed), per-run details and warnings. */
export function renderReport(figures: Figure[], busiestLoad: number): string {
  const lines = ['| figure | result (median) | baseline (median) | ratio | target | met? |', '| --- | --- | --- | --- | --- | --- |'];
  const details: string[] = [];
  const warnings: string[] = [];
  for (const figure of figures) {
    if ('reason' in figure) {
      lines.push(`| ${figure.title} | **NOT MEASURED** | | | | **no** |`);
      warnings.push(`${figure.title} NOT MEASURED: ${figure.reason}`);
    } else if ('target' in figure) {
      const m = median(figure.measured);
      const b = median(figure.baseline);
      // Each run's baseline ran right before its measurement: their ratio cancels slow drifts in load.
      const r = median(figure.measured.map((value, i) => value / figure.baseline[i]));
      const met = figure.target.kind === 'ratio' ? r >= figure.target.min : m >= figure.target.min;
      const target = figure.target.kind === 'ratio' ? `≥ ${figure.target.min} × baseline` : `≥ ${int(figure.target.min)} events/s`;
      lines.push(`| ${figure.title} | ${int(m)} events/s | ${figure.baselineTitle}: ${int(b)} rows/s | ${r.toFixed(2)} × | ${target} | ${met ? 'yes' : '**no**'} |`);
      details.push(`${figure.title}, per run: ${figure.measured.map(int).join(', ')}; baseline: ${figure.baseline.map(int).join(', ')}`);
    } else {
      const m = medianSummary(figure.measured);
      const b = medianSummary(figure.baseline);
      const met = m.errors === 0 && m.p99 <= figure.maxP99Ms;
      const r = median(figure.measured.map((summary, i) => summary.p99 / figure.baseline[i].p99));
      lines.push(
        `| ${figure.title} | p99 ${ms(m.p99)} (p50 ${ms(m.p50)}, p90 ${ms(m.p90)}, max ${ms(m.max)}), ${m.errors} errors | ` +
          `${figure.baselineTitle}: p99 ${ms(b.p99)} (p50 ${ms(b.p50)}, max ${ms(b.max)}) | ${Number.isFinite(r) ? r.toFixed(1) : 'n/a'} × (p99) | ` +
          `p99 ≤ ${figure.maxP99Ms} ms, no errors | ${met ? 'yes' : '**no**'} |`,
      );
      const runs = (summaries: LatencySummary[]) =>
        summaries.map((s) => `p50 ${ms(s.p50)} p90 ${ms(s.p90)} p99 ${ms(s.p99)} max ${ms(s.max)} ok ${s.count} errors ${s.errors}`).join('; ');
      details.push(`${figure.title}, per run: ${runs(figure.measured)}`, `  baseline per run: ${runs(figure.baseline)}`);
      const failed = figure.measured.flatMap((s) => s.errorSamples);
      if (m.errors > 0 || failed.length) warnings.push(`${figure.title}: requests FAILED (${figure.measured.map((s) => s.errors).join(', ')} per run), e.g. ${[...new Set(failed)].slice(0, 3).join(' | ')}`);
    }
  }
  // Others' work competes for the same cores: beyond twice the cores, the figures measure them too.
  if (busiestLoad > 2 * cpus().length) warnings.push(`the machine was busy (1-min load average up to ${busiestLoad.toFixed(1)} on ${cpus().length} cores): figures are not representative, run again when it is quieter`);
  const banner = warnings.length ? ['', '!'.repeat(100), ...warnings.map((w) => `!! ${w}`), '!'.repeat(100)] : [];
  return [...lines, '', ...details, ...banner].join('\n');
}

/** Per-field medians over runs; errors are added up, so one bad run is not hidden. */
function medianSummary(summaries: LatencySummary[]): LatencySummary {
  const of = (field: 'p50' | 'p90' | 'p99' | 'max' | 'count') => median(summaries.map((s) => s[field]));
  return {
    count: of('count'),
    errors: summaries.reduce((sum, s) => sum + s.errors, 0),
    p50: of('p50'),
    p90: of('p90'),
    p99: of('p99'),
    max: of('max'),
    errorSamples: [],
  };
}
