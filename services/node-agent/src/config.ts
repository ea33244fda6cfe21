import { profiles, type Profile } from '@kronicle/pod-lifecycle';
import { intFromEnv } from '@kronicle/service-kit';
import { STATUS_REPORT_MS } from './node-agent-controller';
import type { NodeConfig } from './simulated-nodes';

/** The node-agent's own settings; connections and its ops port come from the shared service host. */
export interface NodeAgentConfig {
  /** Hosts node-<firstNode> … node-<firstNode + nodes - 1>. */
  nodes: number;
  firstNode: number;
  nodeConfig: NodeConfig;
  profile: Profile;
  heartbeatMs: number;
  /**
   * Nodes whose pods are reconciled at once (`KRONICLE_NODE_AGENT_WORKERS`, default 32). More nodes in
   * flight means larger group commits: at 1,000 nodes, 32 halved the node-agent's Postgres CPU against 8.
   */
  workers: number;
  /** An unchanged node status is posted again this often (`KRONICLE_NODE_STATUS_REPORT_MS`, upstream's nodeStatusReportFrequency, 5 min). */
  statusReportMs: number;
}

export function nodeAgentConfigFromEnv(env: NodeJS.ProcessEnv): NodeAgentConfig {
  const profileName = env.KRONICLE_POD_PROFILE || 'general';
  const profile = profiles[profileName];
  if (!profile) throw new Error(`KRONICLE_POD_PROFILE must be one of ${Object.keys(profiles).join(', ')}, got ${JSON.stringify(profileName)}`);
  return {
    nodes: intFromEnv(env, 'KRONICLE_NODES', 3),
    firstNode: intFromEnv(env, 'KRONICLE_FIRST_NODE', 1),
    nodeConfig: env.KRONICLE_NODE_CONFIG ? (JSON.parse(env.KRONICLE_NODE_CONFIG) as NodeConfig) : {},
    profile,
    heartbeatMs: intFromEnv(env, 'KRONICLE_HEARTBEAT_MS', 10_000),
    workers: intFromEnv(env, 'KRONICLE_NODE_AGENT_WORKERS', 32),
    statusReportMs: intFromEnv(env, 'KRONICLE_NODE_STATUS_REPORT_MS', STATUS_REPORT_MS),
  };
}
