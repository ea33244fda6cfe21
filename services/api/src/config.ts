import { networkInterfaces } from 'node:os';
import { homeFromEnv } from '@kronicle/service-kit';
import { hostAddress } from './cluster/kubernetes-endpoints';

/** Everything the API reads from its environment, with Kronicle's defaults. */
export interface ApiConfig {
  home: string;
  port: number;
  host: string;
  /** Address written into the kubeconfig. */
  advertiseHost: string;
  /** The IP the `kubernetes` Service's endpoints name (kube-apiserver's --advertise-address); none on a host without a network. */
  advertiseAddress?: string;
  tls: boolean;
  databaseUrl: string;
  natsUrl: string;
  cluster: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  return {
    home: homeFromEnv(env),
    port: Number(env.KRONICLE_API_PORT ?? 6443),
    host: env.KRONICLE_API_HOST ?? '0.0.0.0',
    advertiseHost: env.KRONICLE_API_ADVERTISE_HOST ?? '127.0.0.1',
    advertiseAddress: env.KRONICLE_API_ADVERTISE_ADDRESS ?? hostAddress(networkInterfaces()),
    tls: env.KRONICLE_API_TLS !== 'false',
    databaseUrl: env.KRONICLE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kronicle',
    natsUrl: env.KRONICLE_NATS_URL ?? 'nats://127.0.0.1:4222',
    cluster: env.KRONICLE_CLUSTER ?? 'kronicle',
  };
}
