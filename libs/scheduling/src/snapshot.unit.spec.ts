import { describe, expect, it } from 'vitest';
import { interPodAffinity } from './filters/inter-pod-affinity';
import { nodeInfo } from './node-info';
import { podInfo } from './pod-info';
import { schedulePod } from './schedule-pod';
import { Snapshot } from './snapshot';
import { testNode, testPod } from './test-objects';

const hostname = 'kubernetes.io/hostname';
const antiAffinity = { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: hostname }] } } };

describe('Snapshot', () => {
  it('assumes pods into copies: the nodes it was built from, which a scheduler keeps for its next batch, stay as they were', () => {
    const nodes = [nodeInfo(testNode('n1')), nodeInfo(testNode('n2'))];
    const batch = new Snapshot(nodes);
    batch.assume(podInfo(testPod('guard', antiAffinity, { app: 'web' }, { cpu: '1' })), 'n1');
    const web = podInfo(testPod('web', {}, { app: 'web' }));
    // The guard's anti-affinity keeps web off n1 in this batch…
    expect(interPodAffinity.prepare(web, batch)?.(batch.node('n1')!)?.reasons).toEqual(["node(s) didn't satisfy existing pods anti-affinity rules"]);
    expect(batch.node('n1')!.requested.cpu).toBe(1000);
    // …but the kept nodes hold neither the guard nor its cpu.
    expect(nodes[0]).toMatchObject({ pods: [], podsWithRequiredAntiAffinity: [], requested: {} });
    expect(new Snapshot(nodes).withAntiAffinity).toEqual([]);
  });

  it('sees pods with anti-affinity placed before it and assumed into it', () => {
    const placed = podInfo({ ...testPod('guard', antiAffinity, { app: 'web' }), spec: { ...antiAffinity, nodeName: 'n1', containers: [] } });
    const snapshot = Snapshot.of([testNode('n1'), testNode('n2'), testNode('n3')], [placed]);
    expect(schedulePod(podInfo(testPod('guard-2', antiAffinity, { app: 'web' })), snapshot)).toEqual({ kind: 'bound', nodeName: 'n2' });
    expect(snapshot.withAntiAffinity.map((p) => p.name)).toEqual(['guard', 'guard-2']);
    expect(schedulePod(podInfo(testPod('web', {}, { app: 'web' })), snapshot)).toEqual({ kind: 'bound', nodeName: 'n3' });
  });

  it('rejects cordoned and tainted nodes when some are, and places anywhere when none is', () => {
    const taint = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };
    const mixed = Snapshot.of([testNode('a', { unschedulable: true }), testNode('b', { taints: [taint] }), testNode('c', { taints: [{ key: 'soft', effect: 'PreferNoSchedule' }] })], []);
    expect([mixed.anyCordoned, mixed.anyTainted]).toEqual([true, true]);
    expect(schedulePod(podInfo(testPod('p')), mixed)).toEqual({ kind: 'bound', nodeName: 'c' });
    const plain = Snapshot.of([testNode('a'), testNode('c', { taints: [{ key: 'soft', effect: 'PreferNoSchedule' }] })], []);
    expect([plain.anyCordoned, plain.anyTainted]).toEqual([false, false]);
  });
});
