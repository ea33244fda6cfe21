import { startChild } from './child';
import type { LoadTask } from './load-process';
import type { OpenLoopResult } from './open-loop';
import { summariseLatencies, type LatencySummary } from './stats';

/** Runs one open-loop client process to its end and summarises what it measured. */
export async function measureLoad(task: LoadTask): Promise<LatencySummary> {
  const client = await startChild<OpenLoopResult>('load-process.js', task);
  const { latencies, errors, errorSamples } = await client.go();
  return summariseLatencies(latencies, errors, errorSamples);
}
