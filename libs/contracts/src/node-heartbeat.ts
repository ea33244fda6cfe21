/**
 * Node heartbeats: every interval a node-agent publishes one message on the core NATS subject
 * `natsNames(cluster).signal(NODE_HEARTBEAT_SIGNAL)` naming all nodes it hosts. Heartbeats change
 * nothing and are never in the log; the node lifecycle appends only what their absence implies.
 */
export const NODE_HEARTBEAT_SIGNAL = 'node-heartbeat';

export interface NodeHeartbeat {
  /** The agent's id for this run. */
  agent: string;
  nodes: string[];
}
