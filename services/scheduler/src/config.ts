import { intFromEnv } from '@kronicle/service-kit';
import type { SchedulerOptions } from './scheduler-controller';

/** The scheduler's own settings; connections and its ops port come from the shared service host. */
export function schedulerOptionsFromEnv(env: NodeJS.ProcessEnv): SchedulerOptions {
  return {
    batchSize: intFromEnv(env, 'KRONICLE_SCHEDULER_BATCH', 500),
    retryIntervalMs: intFromEnv(env, 'KRONICLE_SCHEDULER_RETRY_MS', 5 * 60_000),
  };
}
