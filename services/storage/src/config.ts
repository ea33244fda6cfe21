export interface StorageConfig {
  databaseUrl: string;
  natsUrl: string;
  cluster: string;
  /** Port of /healthz, /readyz and /metrics. */
  port: number;
}

/** Settings from the environment; the defaults suit a developer machine (as the relay's). */
export function storageConfigFromEnv(env: NodeJS.ProcessEnv): StorageConfig {
  const port = Number(env.KRONICLE_STORAGE_PORT || 8105);
  if (!Number.isSafeInteger(port)) throw new Error(`KRONICLE_STORAGE_PORT must be an integer, got ${JSON.stringify(env.KRONICLE_STORAGE_PORT)}`);
  return {
    databaseUrl: env.KRONICLE_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/kronicle',
    natsUrl: env.KRONICLE_NATS_URL || 'nats://127.0.0.1:4222',
    cluster: env.KRONICLE_CLUSTER || 'kronicle',
    port,
  };
}
