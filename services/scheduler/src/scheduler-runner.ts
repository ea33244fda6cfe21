import { runController, systemClock, type RunningController } from '@kronicle/controller-runtime';
import { createPgEventStore, type EventStore } from '@kronicle/event-store';
import { createMetricsRegistry, startOpsServer, type Logger } from '@kronicle/service-kit';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import type { SchedulerConfig } from './config';
import { schedulerController } from './scheduler-controller';
import { LOGGER, SCHEDULER_CONFIG } from './tokens';

/** Starts the scheduling loop and its ops endpoint with the application, and stops them with it. */
@Injectable()
export class SchedulerRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private store?: EventStore;
  private nats?: NatsConnection;
  private controller?: RunningController;
  private ops?: { close(): Promise<void> };

  constructor(
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { config, logger } = this;
    let ready = false;
    this.ops = await startOpsServer({ port: config.port, registry: createMetricsRegistry('scheduler'), isReady: () => ready && !this.nats?.isClosed() });
    this.store = await createPgEventStore({ connectionString: config.databaseUrl, applicationName: 'kronicle-scheduler' });
    this.nats = await connect({ servers: config.natsUrl, name: `kronicle-scheduler-${config.cluster}`, maxReconnectAttempts: -1 });
    this.controller = await runController(schedulerController(config), { store: this.store, nats: this.nats, cluster: config.cluster, clock: systemClock, logger });
    ready = true;
    logger.info({ cluster: config.cluster, port: config.port, batchSize: config.batchSize }, 'scheduler started');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.controller?.stop();
    await this.ops?.close();
    await this.nats?.drain();
    await this.store?.close();
    this.logger.info({}, 'scheduler stopped');
  }
}
