import { connect, type NatsConnection } from 'nats';

/**
 * A service's connection to NATS: reconnects for as long as the service runs. Without async traces,
 * because nats.js otherwise builds two Error objects (with stack traces) for every request, and the
 * relay makes one JetStream request per event: a quarter of its CPU went there.
 */
export function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({ servers: url, name, maxReconnectAttempts: -1, noAsyncTraces: true });
}
