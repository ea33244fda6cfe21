import { runController, systemClock, type RunningController } from '@kronicle/controller-runtime';
import { createPgEventStore, type EventStore } from '@kronicle/event-store';
import { createMetricsRegistry, startOpsServer, type Logger } from '@kronicle/service-kit';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import { parseAddressPool } from './address-pool';
import type { NetworkConfig } from './config';
import { resolveClusterName } from './dns/cluster-dns';
import { startDnsServer, type DnsServer } from './dns/dns-server';
import { networkController } from './network-controller';
import { LOGGER, NETWORK_CONFIG } from './tokens';

/** Starts the network controller, the cluster DNS answering from its cache, and the ops endpoint; stops them with the application. */
@Injectable()
export class NetworkRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private store?: EventStore;
  private nats?: NatsConnection;
  private controller?: RunningController;
  private dns?: DnsServer;
  private ops?: { close(): Promise<void> };

  constructor(
    @Inject(NETWORK_CONFIG) private readonly config: NetworkConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { config, logger } = this;
    const pool = parseAddressPool(config.lbPool);
    this.store = await createPgEventStore({ connectionString: config.databaseUrl, applicationName: 'kronicle-network' });
    this.nats = await connect({ servers: config.natsUrl, name: `kronicle-network-${config.cluster}`, maxReconnectAttempts: -1 });
    const controller = (this.controller = await runController(networkController(pool), { store: this.store, nats: this.nats, cluster: config.cluster, clock: systemClock, logger }));
    this.dns = await startDnsServer({ host: config.dnsHost, port: config.dnsPort, logger, resolve: (name, type) => resolveClusterName(name, type, controller.state) });
    this.ops = await startOpsServer({ port: config.port, registry: createMetricsRegistry('network'), isReady: () => this.nats?.isClosed() === false });
    logger.info({ cluster: config.cluster, port: config.port, dnsPort: this.dns.port, lbPoolSize: pool.addresses.length }, 'network controller and cluster DNS started');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dns?.close();
    await this.controller?.stop();
    await this.ops?.close();
    await this.nats?.drain();
    await this.store?.close();
    this.logger.info({}, 'network controller stopped');
  }
}
