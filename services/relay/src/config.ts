import type { EventsStreamOptions } from '@kronicle/messaging';
import { connectionConfigFromEnv, intFromEnv, type ConnectionConfig } from '@kronicle/service-kit';

export interface RelayConfig extends ConnectionConfig {
  /** Port of /healthz, /readyz and /metrics. */
  port: number;
  pageSize: number;
  stream: EventsStreamOptions;
  logLevel: string;
}

/** Reads the relay's settings from the environment; the defaults suit a developer machine. */
export function relayConfigFromEnv(env: NodeJS.ProcessEnv): RelayConfig {
  return {
    ...connectionConfigFromEnv(env),
    port: intFromEnv(env, 'KRONICLE_RELAY_PORT', 8091),
    pageSize: intFromEnv(env, 'KRONICLE_RELAY_PAGE_SIZE', 1000),
    stream: {
      duplicateWindowMs: intFromEnv(env, 'KRONICLE_EVENTS_DUPLICATE_WINDOW_MS', 2 * 60_000),
      maxAgeMs: intFromEnv(env, 'KRONICLE_EVENTS_MAX_AGE_MS', 24 * 3_600_000),
      // Unset: no size limit (-1); JetStream reserves a set limit up front.
      maxBytes: env.KRONICLE_EVENTS_MAX_BYTES ? intFromEnv(env, 'KRONICLE_EVENTS_MAX_BYTES', 0) : -1,
    },
    logLevel: env.KRONICLE_LOG_LEVEL || 'info',
  };
}
