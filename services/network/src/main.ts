import { bootstrapControllerService } from '@kronicle/controller-runtime';
import { parseAddressPool } from './address-pool';
import { networkSettingsFromEnv } from './config';
import { resolveClusterName } from './dns/cluster-dns';
import { startDnsServer } from './dns/dns-server';
import { networkController } from './network-controller';

// EndpointSlices, Endpoints and LoadBalancer addresses, and the cluster DNS answering from the same cache.
bootstrapControllerService({
  service: 'network',
  opsPort: { env: 'KRONICLE_NETWORK_PORT', fallback: 8106 },
  async start({ run, logger }) {
    const settings = networkSettingsFromEnv(process.env);
    const pool = parseAddressPool(settings.lbPool);
    // Reads of Kubernetes Events only its own LoadBalancer warnings, not to repeat them.
    const controller = await run({ ...networkController(pool), logInterest: { kubeEvents: 'own' } });
    const dns = await startDnsServer({ host: settings.dnsHost, port: settings.dnsPort, logger, resolve: (name, type) => resolveClusterName(name, type, controller.state) });
    logger.info({ dnsPort: dns.port, lbPoolSize: pool.addresses.length }, 'cluster DNS serving');
    return () => dns.close();
  },
});
