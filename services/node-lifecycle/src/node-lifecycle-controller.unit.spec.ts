import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { InMemoryCluster } from '@kronicle/controller-runtime';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { HeartbeatTable } from './heartbeat-table';
import { nodeLifecycleController, UNREACHABLE } from './node-lifecycle-controller';

const t0 = Date.parse('2026-01-01T00:00:00Z');
const at = (s: number) => new Date(t0 + s * 1000);
const node: KubeObject = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'node-1' },
  spec: {},
  status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }] },
};
const pod = (name: string, tolerations?: object[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'i' }], ...(tolerations ? { tolerations } : {}) },
});

function setup() {
  const heartbeats = new HeartbeatTable(t0);
  const controller = nodeLifecycleController(heartbeats, { gracePeriodMs: 40_000, podGcPeriodMs: 20_000, orphanQuarantineMs: 40_000 });
  const cluster = new InMemoryCluster(controller.indexes);
  cluster.write([{ kind: 'create', resource: resourceInfo('', 'namespaces'), object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } }], at(0));
  cluster.write([{ kind: 'create', resource: resourceInfo('', 'nodes'), object: node }], at(0));
  const tolerating = { key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 };
  for (const p of [pod('plain', []), pod('patient', [tolerating]), pod('forever', [{ operator: 'Exists' }])]) cluster.write([{ kind: 'create', resource: resourceInfo('', 'pods'), object: p }], at(0));
  const getNode = () => cluster.state.get('k8s/core/nodes/_/node-1')!.object as KubeObject & { spec: { taints?: { key: string; effect: string }[] }; status: { conditions: { type: string; status: string }[] } };
  // Bound pods are deleted gracefully: evicted means marked with a deletionTimestamp.
  const evicted = () => cluster.state.list({ group: '', resource: 'pods' }).filter((s) => s.object.metadata.deletionTimestamp).map((s) => s.object.metadata.name).sort();
  return { heartbeats, controller, cluster, getNode, evicted };
}

describe('node lifecycle', () => {
  it('leaves a node heard of within the grace period alone, and asks again when it would expire', () => {
    const { controller, cluster, heartbeats } = setup();
    heartbeats.heard(['node-1'], t0 + 30_000);
    cluster.settle([controller], at(35));
    expect(controller.reconcile('node/node-1', cluster.state, at(35))).toEqual({ writes: [], requeueAfterMs: 35_001 });
  });

  it('announces a node it comes to know (RegisteredNode) and one that goes (RemovingNode), about the node by its uid', () => {
    const { controller, cluster } = setup();
    const uid = cluster.state.get('k8s/core/nodes/_/node-1')!.object.metadata.uid;
    const eventsOf = (writes: { kind: string; object?: unknown }[]) => writes.filter((w) => w.kind === 'create').map((w) => w.object as KubeObject & { reason: string; message: string; involvedObject: object; source: object });

    const [registered] = eventsOf(controller.reconcile('node/node-1', cluster.state, at(1)).writes);
    expect(registered).toMatchObject({
      reason: 'RegisteredNode',
      message: 'Node node-1 event: Registered Node node-1 in Controller',
      involvedObject: { apiVersion: 'v1', kind: 'Node', name: 'node-1', uid },
      source: { component: 'node-controller' },
    });
    cluster.write([{ kind: 'create', resource: resourceInfo('', 'events'), object: registered }], at(1));
    expect(eventsOf(controller.reconcile('node/node-1', cluster.state, at(2)).writes)).toEqual([]);

    cluster.write([{ kind: 'delete', resource: resourceInfo('', 'nodes'), name: 'node-1' }], at(3));
    expect(eventsOf(controller.reconcile('node/node-1', cluster.state, at(3)).writes)).toEqual([
      expect.objectContaining({ reason: 'RemovingNode', message: 'Node node-1 event: Removing Node node-1 from Controller', involvedObject: expect.objectContaining({ uid }) }),
    ]);
    expect(eventsOf(controller.reconcile('node/node-1', cluster.state, at(4)).writes)).toEqual([]);
  });

  it('a silent node becomes Unknown, is tainted unreachable, and its pods go after their toleration', () => {
    const { controller, cluster, getNode, evicted } = setup();
    cluster.settle([controller], at(41));
    expect(getNode().status.conditions).toEqual([expect.objectContaining({ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' })]);
    expect(getNode().spec.taints).toEqual([
      { key: UNREACHABLE, effect: 'NoSchedule', timeAdded: '2026-01-01T00:00:41Z' },
      { key: UNREACHABLE, effect: 'NoExecute', timeAdded: '2026-01-01T00:00:41Z' },
    ]);
    // 'plain' got upstream's default 300 s tolerations at admission; 'patient' asked for 60 s.
    expect(evicted()).toEqual([]);
    expect(controller.reconcile('node/node-1', cluster.state, at(50)).requeueAfterMs).toBe(51_000);
    cluster.settle([controller], at(101));
    expect(evicted()).toEqual(['patient']);
    cluster.settle([controller], at(341), new Map([[controller, ['node/node-1']]]));
    expect(evicted()).toEqual(['patient', 'plain']);
  });

  it('evicts at once the pods that do not tolerate a NoExecute taint a user adds, marked DisruptionTarget, and the others after their tolerationSeconds', () => {
    const { controller, cluster, getNode, evicted, heartbeats } = setup();
    const brief = pod('brief', [{ key: 'maintenance', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }]);
    cluster.write([{ kind: 'create', resource: resourceInfo('', 'pods'), object: brief }], at(0));
    heartbeats.heard(['node-1'], t0 + 10_000);
    cluster.write([{ kind: 'update', resource: resourceInfo('', 'nodes'), object: { ...getNode(), spec: { taints: [{ key: 'maintenance', value: 'now', effect: 'NoExecute' }] } } }], at(10));
    cluster.settle([controller], at(10));
    // 'plain' and 'patient' tolerate only the not-ready and unreachable taints; 'forever' tolerates everything.
    expect(evicted()).toEqual(['patient', 'plain']);
    expect(cluster.state.get('k8s/core/pods/default/plain')!.object.status).toMatchObject({
      conditions: [expect.objectContaining({ type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' })],
    });
    expect(cluster.state.list({ group: '', resource: 'events' }).map((e) => e.object.message)).toContain('Marking for deletion Pod default/plain');
    // 'brief' is timed from when the taint was first seen, and the node is still watched for silence.
    heartbeats.heard(['node-1'], t0 + 35_000);
    expect(controller.reconcile('node/node-1', cluster.state, at(35)).requeueAfterMs).toBe(5_000);
    cluster.settle([controller], at(40), new Map([[controller, ['node/node-1']]]));
    expect(evicted()).toEqual(['brief', 'patient', 'plain']);
  });

  it('forgets a removed taint: put back, it is timed anew', () => {
    const { controller, cluster, getNode, evicted, heartbeats } = setup();
    const taint = (taints: object[]) => cluster.write([{ kind: 'update', resource: resourceInfo('', 'nodes'), object: { ...getNode(), spec: { taints } } }], at(0));
    cluster.write([{ kind: 'delete', resource: resourceInfo('', 'pods'), namespace: 'default', name: 'plain', options: { gracePeriodSeconds: 0 } }], at(0));
    cluster.write([{ kind: 'delete', resource: resourceInfo('', 'pods'), namespace: 'default', name: 'patient', options: { gracePeriodSeconds: 0 } }], at(0));
    cluster.write([{ kind: 'create', resource: resourceInfo('', 'pods'), object: pod('brief', [{ key: 'maintenance', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }]) }], at(0));
    heartbeats.heard(['node-1'], t0 + 30_000);
    taint([{ key: 'maintenance', effect: 'NoExecute' }]);
    controller.reconcile('node/node-1', cluster.state, at(0));
    taint([]);
    controller.reconcile('node/node-1', cluster.state, at(20));
    taint([{ key: 'maintenance', effect: 'NoExecute' }]);
    expect(controller.reconcile('node/node-1', cluster.state, at(25)).requeueAfterMs).toBe(30_000);
    expect(evicted()).toEqual([]);
  });

  it('wakes a node for a pod change only when the node is tainted for eviction (a node gone is found by the periodic look)', () => {
    const { controller, cluster } = setup();
    const podChange = (name: string) => cluster.write([{ kind: 'create', resource: resourceInfo('', 'pods'), object: pod(name) }], at(1))[0];

    expect(controller.keysFor(podChange('on-a-healthy-node'), cluster.state)).toEqual([]);

    cluster.settle([controller], at(41));
    expect(controller.keysFor(podChange('on-a-tainted-node'), cluster.state)).toEqual(['node/node-1']);

    cluster.write([{ kind: 'delete', resource: resourceInfo('', 'nodes'), name: 'node-1' }], at(42));
    expect(controller.keysFor(podChange('on-a-node-gone'), cluster.state)).toEqual([]);
  });

  it('a node that reports Ready again loses the taints', () => {
    const { controller, cluster, getNode, heartbeats } = setup();
    cluster.settle([controller], at(41));
    heartbeats.heard(['node-1'], t0 + 45_000);
    const back = getNode();
    cluster.write([{ kind: 'update', resource: resourceInfo('', 'nodes'), subresource: 'status', object: { ...back, status: { conditions: [{ type: 'Ready', status: 'True' }] } } }], at(45));
    cluster.settle([controller], at(46), new Map([[controller, ['node/node-1']]]));
    expect(getNode().spec.taints ?? []).toEqual([]);
  });
  it('pods of a node that was deleted are marked Failed (DisruptionTarget) and deleted at once, after the quarantine', () => {
    const { controller, cluster, heartbeats } = setup();
    heartbeats.heard(['node-1'], t0 + 10_000);
    cluster.write([{ kind: 'delete', resource: resourceInfo('', 'nodes'), name: 'node-1' }], at(12));

    // Still in quarantine: the node might come back (40 s after its pods were found orphaned, as the delete made it reconciled).
    expect(controller.reconcile('node/node-1', cluster.state, at(12))).toMatchObject({ requeueAfterMs: 40_001 });
    expect(controller.reconcile('node/node-1', cluster.state, at(30))).toEqual({ writes: [], requeueAfterMs: 22_001 });

    const writes = controller.reconcile('node/node-1', cluster.state, at(52)).writes;
    expect(writes.filter((w) => w.kind === 'delete')).toEqual(
      ['plain', 'patient', 'forever'].map((name) => expect.objectContaining({ kind: 'delete', name, options: { gracePeriodSeconds: 0 } })),
    );
    const marked = writes.flatMap((w) => (w.kind === 'update' ? [w.object as KubeObject & { status: { phase: string; conditions: object[] } }] : []));
    expect(marked.map(({ status }) => ({ phase: status.phase, conditions: status.conditions }))).toEqual(
      Array(3).fill({ phase: 'Failed', conditions: [{ type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:52Z', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' }] }),
    );

    cluster.settle([controller], at(52), new Map([[controller, ['node/node-1']]]));
    expect(cluster.state.list({ group: '', resource: 'pods' })).toEqual([]);
  });

  it('a pod bound to a node that never existed is found by the periodic look, and quarantined from when it was found', () => {
    const { controller, cluster } = setup();
    expect(controller.initialKeys(cluster.state)).toContain('pod-gc');
    expect(controller.reconcile('pod-gc', cluster.state, at(590))).toEqual({ writes: [], requeueAfterMs: 20_000 });
    const ghost = { ...pod('ghost'), spec: { nodeName: 'node-9', containers: [{ name: 'c', image: 'i' }] } };
    cluster.write([{ kind: 'create', resource: resourceInfo('', 'pods'), object: ghost }], at(600));

    expect(controller.reconcile('pod-gc', cluster.state, at(610))).toEqual({ writes: [], requeueAfterMs: 20_000 });
    expect(controller.reconcile('pod-gc', cluster.state, at(630))).toEqual({ writes: [], requeueAfterMs: 20_000 });
    // 40 s after it was found, the next look deletes it; the pods of the node that exists stay.
    const writes = controller.reconcile('pod-gc', cluster.state, at(650)).writes;
    expect(writes.filter((w) => w.kind === 'delete')).toEqual([expect.objectContaining({ kind: 'delete', name: 'ghost', options: { gracePeriodSeconds: 0 } })]);
  });

  it('the periodic look asks again no later than the end of a quarantine', () => {
    const { controller, cluster } = setup();
    const ghost = { ...pod('ghost'), spec: { nodeName: 'node-9', containers: [{ name: 'c', image: 'i' }] } };
    cluster.write([{ kind: 'create', resource: resourceInfo('', 'pods'), object: ghost }], at(600));
    const longLooks = nodeLifecycleController(new HeartbeatTable(t0), { gracePeriodMs: 40_000, podGcPeriodMs: 60_000, orphanQuarantineMs: 40_000 });
    expect(longLooks.reconcile('pod-gc', cluster.state, at(600))).toEqual({ writes: [], requeueAfterMs: 40_001 });
  });
});
