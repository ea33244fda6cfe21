import { natsNames } from '@kronicle/contracts';

export interface NodeLifecycleConfig {
  databaseUrl: string;
  natsUrl: string;
  cluster: string;
  port: number;
  /** Upstream --node-monitor-grace-period (40 s). */
  gracePeriodMs: number;
}

export function nodeLifecycleConfigFromEnv(env: NodeJS.ProcessEnv): NodeLifecycleConfig {
  return {
    databaseUrl: env.KRONICLE_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/kronicle',
    natsUrl: env.KRONICLE_NATS_URL || 'nats://127.0.0.1:4222',
    cluster: natsNames(env.KRONICLE_CLUSTER || 'kronicle').cluster,
    port: intFrom(env, 'KRONICLE_NODE_LIFECYCLE_PORT', 8098),
    gracePeriodMs: intFrom(env, 'KRONICLE_NODE_GRACE_MS', 40_000),
  };
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return value;
}
