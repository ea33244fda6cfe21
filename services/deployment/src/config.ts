import { natsNames } from '@kronicle/contracts';

export interface DeploymentServiceConfig {
  databaseUrl: string;
  natsUrl: string;
  cluster: string;
  /** Port of /healthz, /readyz and /metrics. */
  port: number;
  logLevel: string;
}

/** Reads the service's settings from the environment; the defaults suit a developer machine. */
export function configFromEnv(env: NodeJS.ProcessEnv): DeploymentServiceConfig {
  return {
    databaseUrl: env.KRONICLE_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/kronicle',
    natsUrl: env.KRONICLE_NATS_URL || 'nats://127.0.0.1:4222',
    cluster: natsNames(env.KRONICLE_CLUSTER || 'kronicle').cluster,
    port: intFrom(env, 'KRONICLE_DEPLOYMENT_PORT', 8096),
    logLevel: env.KRONICLE_LOG_LEVEL || 'info',
  };
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return value;
}
