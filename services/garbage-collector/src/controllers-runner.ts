import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { runController, systemClock, type RunningController } from '@kronicle/controller-runtime';
import { createPgEventStore, type EventStore } from '@kronicle/event-store';
import { createMetricsRegistry, startOpsServer, type Logger } from '@kronicle/service-kit';
import { connect, type NatsConnection } from 'nats';
import type { DeletionControllersConfig } from './config';
import { garbageCollector } from './garbage-collector/garbage-collector';
import { namespaceController } from './namespace/namespace-controller';
import { CONFIG, LOGGER } from './tokens';

/** Starts the garbage collector and the namespace controller with the application, and stops them with it. */
@Injectable()
export class ControllersRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private store?: EventStore;
  private nats?: NatsConnection;
  private running: RunningController[] = [];
  private ops?: { port: number; close(): Promise<void> };

  constructor(
    @Inject(CONFIG) private readonly config: DeletionControllersConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { config, logger } = this;
    let ready = false;
    this.ops = await startOpsServer({ port: config.port, registry: createMetricsRegistry('garbage-collector'), isReady: () => ready && !this.nats?.isClosed() });
    const store = (this.store = await createPgEventStore({ connectionString: config.databaseUrl, applicationName: 'kronicle-garbage-collector' }));
    const nats = (this.nats = await connect({ servers: config.natsUrl, name: `kronicle-garbage-collector-${config.cluster}`, maxReconnectAttempts: -1 }));
    for (const controller of [garbageCollector, namespaceController]) {
      this.running.push(await runController(controller, { store, nats, cluster: config.cluster, clock: systemClock, logger }));
    }
    ready = true;
    logger.info({ cluster: config.cluster, port: this.ops.port }, 'garbage collector and namespace controller started');
  }

  async onApplicationShutdown(): Promise<void> {
    for (const running of this.running) await running.stop().catch((err: unknown) => this.logger.warn({ err }, 'controller stopped with an error'));
    await this.nats?.drain();
    await this.store?.close();
    await this.ops?.close();
    this.logger.info({}, 'garbage collector stopped');
  }
}
