import { runController, systemClock, type RunningController } from '@kronicle/controller-runtime';
import { createPgEventStore, type EventStore } from '@kronicle/event-store';
import { createMetricsRegistry, startOpsServer, type Logger } from '@kronicle/service-kit';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import type { StorageConfig } from './config';
import { storageController } from './storage-controller';
import { LOGGER, STORAGE_CONFIG } from './tokens';

/** Starts the storage controller and its ops endpoint with the application, and stops them with it. */
@Injectable()
export class StorageRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private store?: EventStore;
  private nats?: NatsConnection;
  private controller?: RunningController;
  private ops?: { close(): Promise<void> };

  constructor(
    @Inject(STORAGE_CONFIG) private readonly config: StorageConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { config, logger } = this;
    this.store = await createPgEventStore({ connectionString: config.databaseUrl, applicationName: 'kronicle-storage' });
    this.nats = await connect({ servers: config.natsUrl, name: `kronicle-storage-${config.cluster}`, maxReconnectAttempts: -1 });
    this.controller = await runController(storageController, { store: this.store, nats: this.nats, cluster: config.cluster, clock: systemClock, logger });
    this.ops = await startOpsServer({ port: config.port, registry: createMetricsRegistry('storage'), isReady: () => this.nats?.isClosed() === false });
    logger.info({ cluster: config.cluster, port: config.port }, 'storage controller started');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.controller?.stop();
    await this.ops?.close();
    await this.nats?.drain();
    await this.store?.close();
    this.logger.info({}, 'storage controller stopped');
  }
}
