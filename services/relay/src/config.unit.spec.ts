import { describe, expect, it } from 'vitest';
import { relayConfigFromEnv } from './config';

describe('relayConfigFromEnv', () => {
  it('defaults to the local developer setup', () => {
    expect(relayConfigFromEnv({})).toMatchObject({
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/kronicle',
      natsUrl: 'nats://127.0.0.1:4222',
      cluster: 'kronicle',
      port: 8091,
    });
  });

  it('takes the cluster, port and stream limits from the environment', () => {
    const config = relayConfigFromEnv({ KRONICLE_CLUSTER: 'east', KRONICLE_RELAY_PORT: '9000', KRONICLE_EVENTS_MAX_AGE_MS: '60000' });
    expect(config).toMatchObject({ cluster: 'east', port: 9000, stream: { maxAgeMs: 60_000 } });
  });

  it('refuses a cluster name that cannot prefix NATS subjects, and a port that is not a number', () => {
    expect(() => relayConfigFromEnv({ KRONICLE_CLUSTER: 'East.1' })).toThrow(/KRONICLE_CLUSTER/);
    expect(() => relayConfigFromEnv({ KRONICLE_RELAY_PORT: 'http' })).toThrow(/KRONICLE_RELAY_PORT/);
  });
});
