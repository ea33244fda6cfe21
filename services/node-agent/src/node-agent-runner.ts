import { runController, systemClock, type RunningController } from '@kronicle/controller-runtime';
import { createPgEventStore, type EventStore } from '@kronicle/event-store';
import { rfc3339 } from '@kronicle/object-lifecycle';
import { createMetricsRegistry, startOpsServer, type Logger } from '@kronicle/service-kit';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import type { NodeAgentConfig } from './config';
import { claimNodes, type NodeClaim } from './heartbeats';
import { nodeAgentController } from './node-agent-controller';
import { simulatedNodes } from './simulated-nodes';
import { LOGGER, NODE_AGENT_CONFIG } from './tokens';

/** Claims its nodes, runs their kubelets' loop and heartbeats, and stops them with the application. */
@Injectable()
export class NodeAgentRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private store?: EventStore;
  private nats?: NatsConnection;
  private claim?: NodeClaim;
  private heartbeat?: NodeJS.Timeout;
  private controller?: RunningController;
  private ops?: { close(): Promise<void> };

  constructor(
    @Inject(NODE_AGENT_CONFIG) private readonly config: NodeAgentConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { config, logger } = this;
    const nodes = simulatedNodes(config.firstNode, config.nodes, config.nodeConfig, rfc3339(new Date()));
    this.nats = await connect({ servers: config.natsUrl, name: `kronicle-node-agent-${config.cluster}`, maxReconnectAttempts: -1 });
    const claim = (this.claim = await claimNodes(this.nats, config.cluster, nodes.map((n) => n.name)));
    let ready = false;
    this.ops = await startOpsServer({ port: config.port, registry: createMetricsRegistry('node-agent'), isReady: () => ready && !this.nats?.isClosed() });
    this.store = await createPgEventStore({ connectionString: config.databaseUrl, applicationName: 'kronicle-node-agent' });
    claim.beat();
    this.heartbeat = setInterval(() => claim.beat(), config.heartbeatMs);
    this.controller = await runController(nodeAgentController(nodes, config.profile), { store: this.store, nats: this.nats, cluster: config.cluster, clock: systemClock, logger });
    ready = true;
    logger.info({ cluster: config.cluster, nodes: nodes.length, first: nodes[0]?.name, profile: config.profile.name, agent: claim.agent }, 'node-agent started');
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.heartbeat);
    this.claim?.release();
    await this.controller?.stop();
    await this.ops?.close();
    await this.nats?.drain();
    await this.store?.close();
    this.logger.info({}, 'node-agent stopped');
  }
}
