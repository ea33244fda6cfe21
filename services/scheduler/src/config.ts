import { natsNames } from '@kronicle/contracts';

export interface SchedulerConfig {
  databaseUrl: string;
  natsUrl: string;
  cluster: string;
  /** Port of /healthz, /readyz and /metrics. */
  port: number;
  batchSize: number;
  retryIntervalMs: number;
}

export function schedulerConfigFromEnv(env: NodeJS.ProcessEnv): SchedulerConfig {
  return {
    databaseUrl: env.KRONICLE_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/kronicle',
    natsUrl: env.KRONICLE_NATS_URL || 'nats://127.0.0.1:4222',
    cluster: natsNames(env.KRONICLE_CLUSTER || 'kronicle').cluster,
    port: intFrom(env, 'KRONICLE_SCHEDULER_PORT', 8093),
    batchSize: intFrom(env, 'KRONICLE_SCHEDULER_BATCH', 500),
    retryIntervalMs: intFrom(env, 'KRONICLE_SCHEDULER_RETRY_MS', 5 * 60_000),
  };
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return value;
}
