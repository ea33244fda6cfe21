import { bootstrapControllerService } from '@kronicle/controller-runtime';
import { rfc3339 } from '@kronicle/object-lifecycle';
import { nodeAgentConfigFromEnv } from './config';
import { claimNodes } from './heartbeats';
import { nodeAgentController } from './node-agent-controller';
import { awaitRegistration } from './registration';
import { simulatedNodes } from './simulated-nodes';

/** How long the agent waits for its nodes' registration before it reports ready all the same. */
const REGISTRATION_WAIT_MS = 60_000;

// Many simulated kubelets in one process, as kwok: nodes are claimed on NATS before anything is written.
bootstrapControllerService({
  service: 'node-agent',
  opsPort: { env: 'KRONICLE_NODE_AGENT_PORT', fallback: 8097 },
  // Status reports may wait a few ms: the many nodes' small appends then share fewer calls, each of
  // which costs Postgres ~1 ms and wakes the relay and every service. bench:scheduling, three
  // interleaved pairs: 830-861 pods/s and 20-21 s of mesh CPU, against 705-727 and 24-25 s without;
  // 15 ms was no better (docs/benchmarks.md).
  appendLingerMs: 5,
  async start({ nats, connection, clock, logger, run }) {
    const config = nodeAgentConfigFromEnv(process.env);
    const nodes = simulatedNodes(config.firstNode, config.nodes, config.nodeConfig, rfc3339(clock.now()));
    const claim = await claimNodes(nats, connection.cluster, nodes.map((n) => n.name));
    claim.beat();
    const heartbeat = setInterval(() => claim.beat(), config.heartbeatMs);
    // Reads of Kubernetes Events only its own kubelet Events, to count their repeats.
    const running = await run({ ...nodeAgentController(nodes, config.profile, { workers: config.workers, statusReportMs: config.statusReportMs }), logInterest: { kubeEvents: 'own' } });
    const unregistered = await awaitRegistration(running, nodes.map((n) => n.name), REGISTRATION_WAIT_MS);
    if (unregistered.length > 0) logger.warn({ unregistered: unregistered.length }, `nodes not registered after ${REGISTRATION_WAIT_MS / 1000} s; ready all the same`);
    logger.info({ nodes: nodes.length, first: nodes[0]?.name, profile: config.profile.name, workers: config.workers, agent: claim.agent }, 'hosting nodes');
    return () => {
      clearInterval(heartbeat);
      claim.release();
    };
  },
});
