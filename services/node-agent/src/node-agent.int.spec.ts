import { appendWrites, runController, systemClock, type RunningController } from '@kronicle/controller-runtime';
import { createLogFixture, type LogFixture } from '@kronicle/log-fixture';
import { pgAdvisoryLock, silentLogger, startRelay, type Relay } from '@kronicle/messaging';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { profiles } from '@kronicle/pod-lifecycle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimNodes, type NodeClaim } from './heartbeats';
import { nodeAgentController } from './node-agent-controller';
import { awaitRegistration } from './registration';
import { simulatedNodes } from './simulated-nodes';
import { until } from '@kronicle/testing';

let f: LogFixture;
let relay: Relay;
let agent: RunningController;
let claim: NodeClaim;


beforeAll(async () => {
  f = await createLogFixture();
  await appendWrites(f.store, [{ kind: 'create', resource: resourceInfo('', 'namespaces'), object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } }]);
  relay = startRelay({ store: f.store, nats: f.nats, names: f.names, leaderLock: pgAdvisoryLock({ connectionString: f.db.url, key: `relay/${f.names.cluster}`, retryMs: 50 }), pollIntervalMs: 100 });
  const nodes = simulatedNodes(1, 2, {}, '2026-01-01T00:00:00Z');
  claim = await claimNodes(f.nats, f.names.cluster, nodes.map((n) => n.name));
  agent = await runController(nodeAgentController(nodes, profiles.fast, { workers: 4 }), { store: f.store, nats: f.nats, cluster: f.names.cluster, clock: systemClock, logger: silentLogger });
});

afterAll(async () => {
  claim?.release();
  await agent?.stop();
  await relay?.stop();
  await f?.dispose();
});

describe('node-agent on the real log', () => {
  it('registers its nodes (awaited before it reports ready) and runs a pod bound to one of them', async () => {
    expect(await awaitRegistration(agent, ['node-1', 'node-2'], 10_000)).toEqual([]);
    expect(agent.state.list({ group: '', resource: 'nodes' }).map((s) => s.object.metadata.name).sort()).toEqual(['node-1', 'node-2']);
    expect(await awaitRegistration(agent, ['node-1', 'node-9'], 200)).toEqual(['node-9']);
    await appendWrites(f.store, [{ kind: 'create', resource: resourceInfo('', 'pods'), object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { nodeName: 'node-2', containers: [{ name: 'c', image: 'nginx' }] } } }]);
    const status = await until(() => {
      const s = agent.state.get('k8s/core/pods/default/web')?.object.status as { phase?: string; podIP?: string } | undefined;
      return s?.phase === 'Running' ? s : undefined;
    });
    expect(status.podIP).toBe('10.244.2.2');
  });

  it('a second agent asked to host a node already hosted refuses', async () => {
    await expect(claimNodes(f.nats, f.names.cluster, ['node-2', 'node-3'])).rejects.toThrow(/refusing to host node-2: already hosted by the live node-agent/);
    const free = await claimNodes(f.nats, f.names.cluster, ['node-3']);
    free.release();
  });
});
