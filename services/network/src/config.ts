import { intFromEnv } from '@kronicle/service-kit';

/** The network service's own settings; connections and its ops port come from the shared service host. */
export interface NetworkSettings {
  /** LoadBalancer addresses, MetalLB-style ranges or CIDRs. */
  lbPool: string;
  dnsHost: string;
  /** 10053 by default, so the mesh runs without root. */
  dnsPort: number;
}

export function networkSettingsFromEnv(env: NodeJS.ProcessEnv): NetworkSettings {
  return {
    lbPool: env.KRONICLE_LB_POOL ?? '172.18.255.200-172.18.255.250',
    dnsHost: env.KRONICLE_DNS_HOST || '127.0.0.1',
    dnsPort: intFromEnv(env, 'KRONICLE_DNS_PORT', 10053),
  };
}
