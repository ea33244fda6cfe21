import { systemClock } from '@kronicle/controller-runtime';
import { createPgEventStore, type EventStore } from '@kronicle/event-store';
import { createMetricsRegistry, startOpsServer, type Logger } from '@kronicle/service-kit';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import { Gauge } from 'prom-client';
import type { DeploymentServiceConfig } from './config';
import { startDeploymentControllers, type DeploymentControllers } from './controllers';
import { CONFIG, LOGGER } from './tokens';

/** Starts the controllers and the ops endpoint with the application, and stops them with it. */
@Injectable()
export class ControllersRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private store?: EventStore;
  private nats?: NatsConnection;
  private controllers?: DeploymentControllers;
  private ops?: { port: number; close(): Promise<void> };

  constructor(
    @Inject(CONFIG) private readonly config: DeploymentServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { config, logger } = this;
    const store = (this.store = await createPgEventStore({ connectionString: config.databaseUrl, applicationName: 'kronicle-deployment' }));
    const nats = (this.nats = await connect({ servers: config.natsUrl, name: `kronicle-deployment-${config.cluster}`, maxReconnectAttempts: -1 }));
    const registry = createMetricsRegistry('deployment');
    // Ready once both caches have caught up with the log (startDeploymentControllers resolves then).
    const controllers = (this.controllers = await startDeploymentControllers({ store, nats, cluster: config.cluster, clock: systemClock, logger }));
    new Gauge({
      name: 'kronicle_controller_cache_position',
      help: 'Log position each controller cache has applied.',
      labelNames: ['controller'],
      registers: [registry],
      collect() {
        controllers.running.forEach((c, i) => this.set({ controller: i === 0 ? 'replicaset' : 'deployment' }, c.position));
      },
    });
    this.ops = await startOpsServer({ port: config.port, registry, isReady: () => !nats.isClosed() });
    logger.info({ cluster: config.cluster, port: this.ops.port }, 'deployment controllers started');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.controllers?.stop().catch((err: unknown) => this.logger.warn({ err }, 'controllers stopped with an error'));
    await this.ops?.close();
    await this.nats?.drain();
    await this.store?.close();
    this.logger.info({}, 'deployment controllers stopped');
  }
}
