import { appendWrites, runController, systemClock, type RunningController } from '@kronicle/controller-runtime';
import { createLogFixture, type LogFixture } from '@kronicle/log-fixture';
import { pgAdvisoryLock, silentLogger, startRelay, type Relay } from '@kronicle/messaging';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { ClusterState, catchUp } from '@kronicle/projection';
import { podInfo, Snapshot } from '@kronicle/scheduling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedulerController } from './scheduler-controller';

let f: LogFixture;
let relay: Relay;
const schedulers: RunningController[] = [];

const node = (name: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } } });
const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: '300m' } } }] } });

beforeAll(async () => {
  f = await createLogFixture();
  await appendWrites(f.store, [{ kind: 'create', resource: resourceInfo('', 'namespaces'), object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } }]);
  relay = startRelay({ store: f.store, nats: f.nats, names: f.names, leaderLock: pgAdvisoryLock({ connectionString: f.db.url, key: `relay/${f.names.cluster}`, retryMs: 50 }), pollIntervalMs: 100 });
  // Two schedulers on one log, small batches, so they race for the same nodes.
  for (let i = 0; i < 2; i++) schedulers.push(await runController(schedulerController({ batchSize: 5, retryIntervalMs: 60_000 }), { store: f.store, nats: f.nats, cluster: f.names.cluster, clock: systemClock, logger: silentLogger }));
});

afterAll(async () => {
  for (const s of schedulers) await s.stop();
  await relay?.stop();
  await f?.dispose();
});

describe('scheduler on the real log', () => {
  it('two racing schedulers place every pod that fits and overcommit no node', async () => {
    await appendWrites(f.store, ['node-1', 'node-2', 'node-3'].map((name) => ({ kind: 'create', resource: resourceInfo('', 'nodes'), object: node(name) })));
    // 3 nodes × 6 pods of 300m fit in 2 cpu each: 18 of the 30 pods can run.
    for (let i = 0; i < 30; i += 10) {
      await appendWrites(f.store, Array.from({ length: 10 }, (_, j) => ({ kind: 'create' as const, resource: resourceInfo('', 'pods'), object: pod(`p${i + j}`) })));
    }
    const state = new ClusterState();
    const deadline = Date.now() + 20_000;
    for (;;) {
      await catchUp(state, f.store);
      const pods = state.list({ group: '', resource: 'pods' }).map((s) => s.object as { spec: { nodeName?: string }; status?: { conditions?: { type: string; status: string }[] } });
      const settled = pods.filter((p) => p.spec.nodeName || p.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False'));
      if (settled.length === 30) break;
      if (Date.now() > deadline) throw new Error(`only ${settled.length} of 30 pods decided`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const snapshot = Snapshot.of(state.list({ group: '', resource: 'nodes' }).map((s) => s.object), state.list({ group: '', resource: 'pods' }).map((s) => podInfo(s.object)));
    expect(snapshot.nodes.map((n) => n.requested.cpu)).toEqual([1800, 1800, 1800]);
  });
});
