import { natsNames, NODE_HEARTBEAT_SIGNAL, type NodeHeartbeat } from '@kronicle/contracts';
import { runController, systemClock, type RunningController } from '@kronicle/controller-runtime';
import { createPgEventStore, type EventStore } from '@kronicle/event-store';
import { createMetricsRegistry, startOpsServer, type Logger } from '@kronicle/service-kit';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import type { NodeLifecycleConfig } from './config';
import { HeartbeatTable } from './heartbeat-table';
import { nodeLifecycleController } from './node-lifecycle-controller';
import { LOGGER, NODE_LIFECYCLE_CONFIG } from './tokens';

/** Follows heartbeats on core NATS and runs the node lifecycle loop with the application. */
@Injectable()
export class NodeLifecycleRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private store?: EventStore;
  private nats?: NatsConnection;
  private controller?: RunningController;
  private ops?: { close(): Promise<void> };

  constructor(
    @Inject(NODE_LIFECYCLE_CONFIG) private readonly config: NodeLifecycleConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { config, logger } = this;
    let ready = false;
    this.ops = await startOpsServer({ port: config.port, registry: createMetricsRegistry('node-lifecycle'), isReady: () => ready && !this.nats?.isClosed() });
    this.store = await createPgEventStore({ connectionString: config.databaseUrl, applicationName: 'kronicle-node-lifecycle' });
    this.nats = await connect({ servers: config.natsUrl, name: `kronicle-node-lifecycle-${config.cluster}`, maxReconnectAttempts: -1 });
    const heartbeats = new HeartbeatTable(systemClock.now().getTime());
    this.nats.subscribe(natsNames(config.cluster).signal(NODE_HEARTBEAT_SIGNAL), {
      callback: (err, msg) => {
        if (err) return;
        const beat = JSON.parse(new TextDecoder().decode(msg.data)) as NodeHeartbeat;
        heartbeats.heard(beat.nodes, systemClock.now().getTime());
      },
    });
    this.controller = await runController(nodeLifecycleController(heartbeats, config), { store: this.store, nats: this.nats, cluster: config.cluster, clock: systemClock, logger });
    ready = true;
    logger.info({ cluster: config.cluster, gracePeriodMs: config.gracePeriodMs }, 'node-lifecycle started');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.controller?.stop();
    await this.ops?.close();
    await this.nats?.drain();
    await this.store?.close();
    this.logger.info({}, 'node-lifecycle stopped');
  }
}
