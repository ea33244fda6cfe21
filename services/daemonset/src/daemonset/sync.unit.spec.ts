import { describe, expect, it } from 'vitest';
import { DaemonSetCluster, fluentd, node } from '../testing/daemonset-cluster';

import { podsResource } from '@kronicle/pod-control';

const controlPlane = { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] };

describe('DaemonSet sync: the docs’ fluentd-elasticsearch on three nodes', () => {
  it('gives every node one pod (the control plane too: its taint is tolerated), pinned by node affinity, with the daemon tolerations', () => {
    const w = new DaemonSetCluster([node('node-1', controlPlane), node('node-2'), node('node-3')]);
    w.create(fluentd());
    expect(w.podsByNode()).toEqual({ 'node-1': 1, 'node-2': 1, 'node-3': 1 });
    const pod = w.pods().find((p) => JSON.stringify(p.spec).includes('"node-2"'))!;
    const spec = pod.spec as Record<string, any>;
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual({ nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }] }] });
    expect(spec.tolerations.map((t: { key: string; effect: string }) => `${t.key}:${t.effect}`)).toEqual([
      'node-role.kubernetes.io/control-plane:NoSchedule',
      'node-role.kubernetes.io/master:NoSchedule',
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
    expect(pod.metadata.labels).toMatchObject({ name: 'fluentd-elasticsearch', 'pod-template-generation': '1', 'controller-revision-hash': expect.stringMatching(/^[a-z0-9]+$/) });
    expect(pod.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'DaemonSet', name: 'fluentd-elasticsearch', controller: true })]);
    const revisions = w.cluster.state.list({ group: 'apps', resource: 'controllerrevisions', namespace: 'kube-system' }).map((s) => s.object as any);
    expect(revisions.map((r) => [r.metadata.name, r.revision])).toEqual([[`fluentd-elasticsearch-${pod.metadata.labels!['controller-revision-hash']}`, 1]]);
    expect(w.ds().status).toEqual({ currentNumberScheduled: 3, numberMisscheduled: 0, desiredNumberScheduled: 3, numberReady: 0, observedGeneration: 1, updatedNumberScheduled: 3, numberUnavailable: 3 });
    expect(w.events().filter((e) => e.startsWith('SuccessfulCreate'))).toHaveLength(3);
  });

  it('once the pods run: ready and available, nothing more to do', () => {
    const w = new DaemonSetCluster([node('node-1'), node('node-2')]);
    w.create(fluentd());
    w.runAll(1);
    expect(w.ds().status).toEqual({ currentNumberScheduled: 2, numberMisscheduled: 0, desiredNumberScheduled: 2, numberReady: 2, observedGeneration: 1, updatedNumberScheduled: 2, numberAvailable: 2 });
  });
});

describe('DaemonSet sync: nodes come and go, and change', () => {
  it('a node added gets a pod; a node with an untolerated NoSchedule taint gets none; a NoExecute taint takes the pod away', () => {
    const w = new DaemonSetCluster([node('node-1')]);
    w.create(fluentd());
    w.setNode(node('node-2'), 1);
    w.setNode(node('node-3', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }), 1);
    expect(w.podsByNode()).toEqual({ 'node-1': 1, 'node-2': 1 });
    w.setNode(node('node-2', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] }), 2);
    expect(w.podsByNode()).toEqual({ 'node-1': 1 });
    expect(w.ds().status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1 });
  });

  it('a nodeSelector limits the nodes; a node relabelled out of it has its pod deleted', () => {
    const w = new DaemonSetCluster([node('node-1', {}, { disk: 'ssd' }), node('node-2')]);
    const ds = fluentd();
    ds.spec.template.spec!.nodeSelector = { disk: 'ssd' };
    w.create(ds);
    expect(w.podsByNode()).toEqual({ 'node-1': 1 });
    w.setNode({ ...node('node-1'), metadata: { name: 'node-1', labels: { 'kubernetes.io/hostname': 'node-1' } } }, 1);
    expect(w.podsByNode()).toEqual({});
  });

  it('a failed daemon pod is deleted, and the node gets a new one once it is gone', () => {
    const w = new DaemonSetCluster([node('node-1')]);
    w.create(fluentd());
    const [pod] = w.pods();
    w.act([{ kind: 'update', resource: podsResource, subresource: 'status', object: { ...pod, status: { phase: 'Failed' } } }], 1);
    expect(w.events()).toContain(`FailedDaemonPod: Found failed daemon pod kube-system/${pod.metadata.name} on node node-1, will try to kill it`);
    expect(w.pods().map((p) => p.metadata.name)).not.toContain(pod.metadata.name);
    expect(w.podsByNode()).toEqual({ 'node-1': 1 });
  });
});

describe('DaemonSet sync: RollingUpdate', () => {
  it('replaces the pods one node at a time (maxUnavailable 1): the next old pod goes once the new one is available', () => {
    const w = new DaemonSetCluster([node('node-1'), node('node-2'), node('node-3')]);
    w.create(fluentd());
    w.runAll(1);
    const oldHash = w.pods()[0].metadata.labels!['controller-revision-hash'];
    w.update((ds) => ({ ...ds, spec: { ...ds.spec, template: { ...ds.spec.template, spec: { ...ds.spec.template.spec, containers: [{ name: 'fluentd-elasticsearch', image: 'fluentd:v6' }] } } } }), 2);
    expect(w.cluster.state.list({ group: 'apps', resource: 'controllerrevisions', namespace: 'kube-system' })).toHaveLength(2);
    for (let round = 0; round < 3; round++) {
      const deleting = w.pods().filter((p) => p.metadata.deletionTimestamp);
      expect(deleting).toHaveLength(1);
      expect(deleting[0].metadata.labels!['controller-revision-hash']).toBe(oldHash);
      w.finishDeletes(3 + round);
      w.runAll(3 + round);
    }
    expect(w.pods().every((p) => p.metadata.labels!['controller-revision-hash'] !== oldHash)).toBe(true);
    expect(w.ds().status).toMatchObject({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3, observedGeneration: 2 });
  });
});

describe('DaemonSet sync: revisions', () => {
  it('a template back to an earlier revision makes that revision the newest (rollback), and at most revisionHistoryLimit unused ones stay', () => {
    const w = new DaemonSetCluster([node('node-1')]);
    const withImage = (image: string) => (ds: ReturnType<typeof fluentd>) => ({ ...ds, spec: { ...ds.spec, revisionHistoryLimit: 1, template: { ...ds.spec.template, spec: { ...ds.spec.template.spec, containers: [{ name: 'fluentd-elasticsearch', image }] } } } });
    w.create(withImage('v1')(fluentd()));
    const revisions = () => w.cluster.state.list({ group: 'apps', resource: 'controllerrevisions', namespace: 'kube-system' }).map((s) => (s.object as unknown as { revision: number; data: { spec: { template: { spec: { containers: { image: string }[] } } } } }));
    const history = () => revisions().map((r) => `${r.revision}:${r.data.spec.template.spec.containers[0].image}`).sort();
    w.update(withImage('v2'), 1);
    w.update(withImage('v1'), 2);
    expect(history()).toEqual(['2:v2', '3:v1']);
    w.finishDeletes(3);
    w.update(withImage('v3'), 4);
    w.finishDeletes(5);
    // v2 is unused and over the limit of one unused revision: gone; v1 is kept (its pod may still run).
    expect(history().map((h) => h.split(':')[1]).sort()).toEqual(['v1', 'v3']);
  });
});
