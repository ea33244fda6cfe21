import { natsNames } from '@kronicle/contracts';
import { resolve } from 'node:path';

/** Where every service finds the log and the bus, with Kronicle's defaults. */
export interface ConnectionConfig {
  databaseUrl: string;
  natsUrl: string;
  /** Prefix of everything on NATS; validated. */
  cluster: string;
}

export function connectionConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ConnectionConfig {
  return {
    databaseUrl: env.KRONICLE_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/kronicle',
    natsUrl: env.KRONICLE_NATS_URL || 'nats://127.0.0.1:4222',
    cluster: natsNames(env.KRONICLE_CLUSTER || 'kronicle').cluster,
  };
}

/** A non-negative integer setting; a malformed value stops the service at start, with its name. */
export function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return value;
}

/** The directory for the mesh's files (kubeconfig, token, PKI): KRONICLE_HOME, by default `.kronicle` in the repository. */
export function homeFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.KRONICLE_HOME ?? resolve(__dirname, '../../../.kronicle'));
}
