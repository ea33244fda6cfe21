import { parseArgs } from 'node:util';

export type Part = 'append' | 'rebuild' | 'api';

export interface BenchOptions {
  /** Repetitions of every measurement; figures are their medians. */
  runs: number;
  /** Concurrent writer processes in the append benchmark and its baseline. */
  writers: number;
  /** Events per append (rows per INSERT in the baseline). */
  batch: number;
  /** Appends each writer makes per run. */
  batchesPerWriter: number;
  /** Events in the log that the rebuild folds. */
  rebuildEvents: number;
  /** Requests (or commits) per second in the latency benchmark, and how long it is sustained. */
  rate: number;
  seconds: number;
  /** Seconds sent before recording starts: connections, JIT and caches warm up. */
  warmupSeconds: number;
  parts: Part[];
}

const usage = `usage: npm run bench:log -- [--runs 3] [--writers 4] [--batch 100] [--batches 400]
       [--events 200000] [--rate 200] [--seconds 20] [--warmup 2] [--only append,rebuild,api]`;

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '3' },
      writers: { type: 'string', default: '4' },
      batch: { type: 'string', default: '100' },
      batches: { type: 'string', default: '400' },
      events: { type: 'string', default: '200000' },
      rate: { type: 'string', default: '200' },
      seconds: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '2' },
      only: { type: 'string', default: 'append,rebuild,api' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const parts = values.only.split(',').map((part) => part.trim());
  for (const part of parts) if (!['append', 'rebuild', 'api'].includes(part)) throw new Error(`unknown part ${part}\n${usage}`);
  return {
    runs: positive('runs', values.runs),
    writers: positive('writers', values.writers),
    batch: positive('batch', values.batch),
    batchesPerWriter: positive('batches', values.batches),
    rebuildEvents: positive('events', values.events),
    rate: positive('rate', values.rate),
    seconds: positive('seconds', values.seconds),
    warmupSeconds: Number(values.warmup),
    parts: parts as Part[],
  };
}

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got ${text}\n${usage}`);
  return value;
}
