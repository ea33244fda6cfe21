export interface NetworkConfig {
  databaseUrl: string;
  natsUrl: string;
  cluster: string;
  /** Port of /healthz, /readyz and /metrics. */
  port: number;
  /** LoadBalancer addresses, MetalLB-style ranges or CIDRs, comma-separated; empty: all stay pending. */
  lbPool: string;
  dnsHost: string;
  /** UDP and TCP. Not 53 by default, so that the mesh runs without root. */
  dnsPort: number;
}

/** Settings from the environment; the defaults suit a developer machine. */
export function networkConfigFromEnv(env: NodeJS.ProcessEnv): NetworkConfig {
  return {
    databaseUrl: env.KRONICLE_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/kronicle',
    natsUrl: env.KRONICLE_NATS_URL || 'nats://127.0.0.1:4222',
    cluster: env.KRONICLE_CLUSTER || 'kronicle',
    port: intFrom(env, 'KRONICLE_NETWORK_PORT', 8106),
    lbPool: env.KRONICLE_LB_POOL ?? '172.18.255.200-172.18.255.250',
    dnsHost: env.KRONICLE_DNS_HOST || '127.0.0.1',
    dnsPort: intFrom(env, 'KRONICLE_DNS_PORT', 10053),
  };
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return value;
}
