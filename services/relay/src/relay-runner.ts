import { natsNames } from '@kronicle/contracts';
import { createPgEventStore, type PgEventStore } from '@kronicle/event-store';
import { connectNats, pgAdvisoryLock, RELAY_CHECKPOINT, startRelay, type Relay } from '@kronicle/messaging';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { RelayConfig } from './config';
import { startOpsServer, type Logger } from '@kronicle/service-kit';
import { createRelayMetrics } from './metrics';
import { LOGGER, RELAY_CONFIG } from './tokens';

/** Starts the relay loop and its health endpoint with the application, and stops them with it. */
@Injectable()
export class RelayRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private store?: PgEventStore;
  private nats?: NatsConnection;
  private relay?: Relay;
  private health?: { port: number; close(): Promise<void> };

  constructor(
    @Inject(RELAY_CONFIG) private readonly config: RelayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Settles when the relay stops; rejects when it lost leadership, and the process should exit. */
  get done(): Promise<void> {
    return this.relay?.done ?? Promise.resolve();
  }

  async onApplicationBootstrap(): Promise<void> {
    const { config, logger } = this;
    const store = (this.store = await createPgEventStore({ connectionString: config.databaseUrl, applicationName: 'kronicle-relay' }));
    const nats = (this.nats = await connectNats(config.natsUrl, `kronicle-relay-${config.cluster}`));
    // The leader's checkpoint is ahead of the stored one by up to its checkpoint interval.
    const metrics = createRelayMetrics(async () => (await store.headPosition()) - Math.max(this.relay?.checkpoint ?? 0, await store.readCheckpoint(RELAY_CHECKPOINT)));
    const relay = (this.relay = startRelay({
      store,
      nats,
      names: natsNames(config.cluster),
      leaderLock: pgAdvisoryLock({ connectionString: config.databaseUrl, key: `kronicle-relay/${config.cluster}` }),
      stream: config.stream,
      pageSize: config.pageSize,
      logger,
      onPublished: (page) => metrics.published(page),
    }));
    this.health = await startOpsServer({ port: config.port, registry: metrics.registry, isReady: () => relay.state !== 'stopped' && !nats.isClosed() });
    logger.info({ cluster: config.cluster, port: this.health.port }, 'relay started, waiting for leadership');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop().catch((err) => this.logger.warn({ err }, 'relay stopped with an error'));
    await this.health?.close();
    await this.nats?.drain();
    await this.store?.close();
    this.logger.info({}, 'relay stopped');
  }
}
