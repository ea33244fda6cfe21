import { describe, expect, it } from 'vitest';
import { configFromEnv } from './config';

describe('configFromEnv', () => {
  it('defaults to the local developer setup', () => {
    expect(configFromEnv({})).toEqual({
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/kronicle',
      natsUrl: 'nats://127.0.0.1:4222',
      cluster: 'kronicle',
      port: 8094,
      logLevel: 'info',
    });
  });

  it('refuses a port that is not one', () => {
    expect(() => configFromEnv({ KRONICLE_GC_PORT: 'http' })).toThrow(/KRONICLE_GC_PORT/);
  });
});
