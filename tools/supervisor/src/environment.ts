import { resolve } from 'node:path';

/** The mesh's settings: one place for the defaults every service also applies. */
export interface MeshEnvironment {
  repoRoot: string;
  home: string;
  databaseUrl: string;
  natsUrl: string;
  cluster: string;
  apiPort: number;
  tls: boolean;
}

export function meshEnvironment(env: NodeJS.ProcessEnv = process.env): MeshEnvironment {
  const repoRoot = resolve(__dirname, '../../..');
  return {
    repoRoot,
    home: resolve(env.KRONICLE_HOME ?? resolve(repoRoot, '.kronicle')),
    databaseUrl: env.KRONICLE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kronicle',
    natsUrl: env.KRONICLE_NATS_URL ?? 'nats://127.0.0.1:4222',
    cluster: env.KRONICLE_CLUSTER ?? 'kronicle',
    apiPort: Number(env.KRONICLE_API_PORT ?? 6443),
    tls: env.KRONICLE_API_TLS !== 'false',
  };
}

/** What each service reads; children inherit the rest of the environment. */
export function serviceEnv(mesh: MeshEnvironment): NodeJS.ProcessEnv {
  return {
    KRONICLE_HOME: mesh.home,
    KRONICLE_DATABASE_URL: mesh.databaseUrl,
    KRONICLE_NATS_URL: mesh.natsUrl,
    KRONICLE_CLUSTER: mesh.cluster,
    KRONICLE_API_PORT: String(mesh.apiPort),
    KRONICLE_API_TLS: String(mesh.tls),
  };
}
