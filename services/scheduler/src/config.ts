import { intFromEnv } from '@kronicle/service-kit';
import type { SchedulerOptions } from './scheduler-controller';

/** The scheduler's own settings; connections and its ops port come from the shared service host. */
export function schedulerOptionsFromEnv(env: NodeJS.ProcessEnv): SchedulerOptions {
  const percentageOfNodesToScore = intFromEnv(env, 'KRONICLE_SCHEDULER_PERCENTAGE_OF_NODES_TO_SCORE', 0);
  // Upstream's validation of KubeSchedulerConfiguration.percentageOfNodesToScore.
  if (percentageOfNodesToScore > 100) throw new Error(`KRONICLE_SCHEDULER_PERCENTAGE_OF_NODES_TO_SCORE must be between 0 and 100, got ${percentageOfNodesToScore}`);
  return {
    batchSize: intFromEnv(env, 'KRONICLE_SCHEDULER_BATCH', 500),
    retryIntervalMs: intFromEnv(env, 'KRONICLE_SCHEDULER_RETRY_MS', 5 * 60_000),
    percentageOfNodesToScore,
  };
}
