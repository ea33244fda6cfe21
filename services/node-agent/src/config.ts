import { natsNames } from '@kronicle/contracts';
import { profiles, type Profile } from '@kronicle/pod-lifecycle';
import type { NodeConfig } from './simulated-nodes';

export interface NodeAgentConfig {
  databaseUrl: string;
  natsUrl: string;
  cluster: string;
  port: number;
  /** Hosts node-<firstNode> … node-<firstNode + nodes - 1>. */
  nodes: number;
  firstNode: number;
  nodeConfig: NodeConfig;
  profile: Profile;
  heartbeatMs: number;
}

export function nodeAgentConfigFromEnv(env: NodeJS.ProcessEnv): NodeAgentConfig {
  const profileName = env.KRONICLE_POD_PROFILE || 'general';
  const profile = profiles[profileName];
  if (!profile) throw new Error(`KRONICLE_POD_PROFILE must be one of ${Object.keys(profiles).join(', ')}, got ${JSON.stringify(profileName)}`);
  return {
    databaseUrl: env.KRONICLE_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/kronicle',
    natsUrl: env.KRONICLE_NATS_URL || 'nats://127.0.0.1:4222',
    cluster: natsNames(env.KRONICLE_CLUSTER || 'kronicle').cluster,
    port: intFrom(env, 'KRONICLE_NODE_AGENT_PORT', 8097),
    nodes: intFrom(env, 'KRONICLE_NODES', 3),
    firstNode: intFrom(env, 'KRONICLE_FIRST_NODE', 1),
    nodeConfig: env.KRONICLE_NODE_CONFIG ? (JSON.parse(env.KRONICLE_NODE_CONFIG) as NodeConfig) : {},
    profile,
    heartbeatMs: intFrom(env, 'KRONICLE_HEARTBEAT_MS', 10_000),
  };
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return value;
}
