import { natsNames } from '@kronicle/contracts';
import type { EventsStreamOptions } from '@kronicle/messaging';

export interface RelayConfig {
  databaseUrl: string;
  natsUrl: string;
  cluster: string;
  /** Port of /healthz and /metrics. */
  port: number;
  pageSize: number;
  stream: EventsStreamOptions;
  logLevel: string;
}

/** Reads the relay's settings from the environment; the defaults suit a developer machine. */
export function relayConfigFromEnv(env: NodeJS.ProcessEnv): RelayConfig {
  return {
    databaseUrl: env.KRONICLE_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/kronicle',
    natsUrl: env.KRONICLE_NATS_URL || 'nats://127.0.0.1:4222',
    // Validated here so that a bad name stops the process at start, not at the first publish.
    cluster: natsNames(env.KRONICLE_CLUSTER || 'kronicle').cluster,
    port: intFrom(env, 'KRONICLE_RELAY_PORT', 8091),
    pageSize: intFrom(env, 'KRONICLE_RELAY_PAGE_SIZE', 1000),
    stream: {
      duplicateWindowMs: intFrom(env, 'KRONICLE_EVENTS_DUPLICATE_WINDOW_MS', 2 * 60_000),
      maxAgeMs: intFrom(env, 'KRONICLE_EVENTS_MAX_AGE_MS', 24 * 3_600_000),
      maxBytes: intFrom(env, 'KRONICLE_EVENTS_MAX_BYTES', -1),
    },
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
