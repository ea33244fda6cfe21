import { natsNames, NODE_HEARTBEAT_SIGNAL, type NodeHeartbeat } from '@kronicle/contracts';
import { bootstrapControllerService } from '@kronicle/controller-runtime';
import { gracePeriodMsFromEnv, orphanQuarantineMsFromEnv, podGcPeriodMsFromEnv } from './config';
import { HeartbeatTable } from './heartbeat-table';
import { nodeLifecycleController } from './node-lifecycle-controller';

bootstrapControllerService({
  service: 'node-lifecycle',
  opsPort: { env: 'KRONICLE_NODE_LIFECYCLE_PORT', fallback: 8098 },
  async start({ nats, connection, clock, run }) {
    // Heartbeats are core NATS signals, not history: they only feed the table the controller reads.
    const heartbeats = new HeartbeatTable(clock.now().getTime());
    const subscription = nats.subscribe(natsNames(connection.cluster).signal(NODE_HEARTBEAT_SIGNAL), {
      callback: (err, msg) => {
        if (err) return;
        const beat = JSON.parse(new TextDecoder().decode(msg.data)) as NodeHeartbeat;
        heartbeats.heard(beat.nodes, clock.now().getTime());
      },
    });
    const controller = nodeLifecycleController(heartbeats, {
      gracePeriodMs: gracePeriodMsFromEnv(process.env),
      podGcPeriodMs: podGcPeriodMsFromEnv(process.env),
      orphanQuarantineMs: orphanQuarantineMsFromEnv(process.env),
    });
    // Reads no Kubernetes Events but its own, nor any non-object event.
    await run({ ...controller, logInterest: { kubeEvents: 'own' } });
    return () => subscription.unsubscribe();
  },
});
