/** Settings of the deletion controllers; the defaults suit a developer machine (as the relay's). */
export interface DeletionControllersConfig {
  databaseUrl: string;
  natsUrl: string;
  cluster: string;
  /** Port of /healthz, /readyz and /metrics. */
  port: number;
  logLevel: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv): DeletionControllersConfig {
  const rawPort = env.KRONICLE_GC_PORT || '8094';
  const port = Number(rawPort);
  if (!Number.isSafeInteger(port) || port < 0 || port > 65535) throw new Error(`KRONICLE_GC_PORT must be a port number, got ${JSON.stringify(rawPort)}`);
  return {
    databaseUrl: env.KRONICLE_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/kronicle',
    natsUrl: env.KRONICLE_NATS_URL || 'nats://127.0.0.1:4222',
    cluster: env.KRONICLE_CLUSTER || 'kronicle',
    port,
    logLevel: env.KRONICLE_LOG_LEVEL || 'info',
  };
}
