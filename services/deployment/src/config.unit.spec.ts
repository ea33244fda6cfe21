import { describe, expect, it } from 'vitest';
import { configFromEnv } from './config';

describe('configFromEnv', () => {
  it('defaults to the local developer setup', () => {
    expect(configFromEnv({})).toMatchObject({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/kronicle', natsUrl: 'nats://127.0.0.1:4222', cluster: 'kronicle', port: 8096 });
  });

  it('takes the cluster and port from the environment, and refuses a port that is not a number', () => {
    expect(configFromEnv({ KRONICLE_CLUSTER: 'east', KRONICLE_DEPLOYMENT_PORT: '0' })).toMatchObject({ cluster: 'east', port: 0 });
    expect(() => configFromEnv({ KRONICLE_DEPLOYMENT_PORT: 'http' })).toThrow(/KRONICLE_DEPLOYMENT_PORT/);
  });
});
