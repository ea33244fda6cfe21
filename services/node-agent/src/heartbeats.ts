import { randomUUID } from 'node:crypto';
import { natsNames, NODE_HEARTBEAT_SIGNAL, type NodeHeartbeat } from '@kronicle/contracts';
import type { NatsConnection } from 'nats';

/** Asked by a starting agent with the nodes it wants; a live agent hosting any of them answers with those. */
export const CLAIM_SIGNAL = 'node-agent-claims';

/**
 * Refuses to start when another live agent already hosts one of the nodes: two kubelets for one
 * node would fight over its pods. Live agents answer claims; silence means the nodes are free.
 */
export interface NodeClaim {
  agent: string;
  /** Publishes one heartbeat for every hosted node. */
  beat(): void;
  release(): void;
}

export async function claimNodes(nats: NatsConnection, cluster: string, nodes: string[], timeoutMs = 500): Promise<NodeClaim> {
  const names = natsNames(cluster);
  const agent = randomUUID();
  try {
    const reply = await nats.request(names.signal(CLAIM_SIGNAL), JSON.stringify({ agent, nodes }), { timeout: timeoutMs });
    const taken = JSON.parse(new TextDecoder().decode(reply.data)) as { agent: string; nodes: string[] };
    throw new Error(`refusing to host ${taken.nodes.join(', ')}: already hosted by the live node-agent ${taken.agent}`);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== '503' && code !== 'TIMEOUT') throw err;
  }
  const mine = new Set(nodes);
  const subscription = nats.subscribe(names.signal(CLAIM_SIGNAL), {
    callback: (_err, msg) => {
      const claim = JSON.parse(new TextDecoder().decode(msg.data)) as { agent: string; nodes: string[] };
      const overlap = claim.nodes.filter((n) => mine.has(n));
      if (overlap.length && claim.agent !== agent) msg.respond(JSON.stringify({ agent, nodes: overlap }));
    },
  });
  const heartbeat = JSON.stringify({ agent, nodes } satisfies NodeHeartbeat);
  return { agent, beat: () => nats.publish(names.signal(NODE_HEARTBEAT_SIGNAL), heartbeat), release: () => subscription.unsubscribe() };
}
