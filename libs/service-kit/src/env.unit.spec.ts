import { describe, expect, it } from 'vitest';
import { connectionConfigFromEnv, intFromEnv } from './env';

describe('service settings from the environment', () => {
  it('defaults to the local Postgres, NATS and the kronicle cluster', () => {
    expect(connectionConfigFromEnv({})).toEqual({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/kronicle', natsUrl: 'nats://127.0.0.1:4222', cluster: 'kronicle' });
    expect(connectionConfigFromEnv({ KRONICLE_CLUSTER: 'blue' }).cluster).toBe('blue');
  });

  it('refuses a cluster name NATS subjects cannot carry, and malformed numbers', () => {
    expect(() => connectionConfigFromEnv({ KRONICLE_CLUSTER: 'a.b' })).toThrow('KRONICLE_CLUSTER');
    expect(intFromEnv({}, 'X', 7)).toBe(7);
    expect(intFromEnv({ X: '12' }, 'X', 7)).toBe(12);
    expect(() => intFromEnv({ X: '-1' }, 'X', 7)).toThrow('X must be a non-negative integer, got "-1"');
  });
});
