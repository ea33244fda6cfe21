import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { podInfo } from './pod-info';
import { comparePods } from './queue-order';
import { feasibleNodesToFind, schedulePod } from './schedule-pod';
import { Snapshot } from './snapshot';
import { testNode, testPod } from './test-objects';

describe('schedulePod', () => {
  it('prefers the least allocated node and spreads a batch', () => {
    const snapshot = new Snapshot([testNode('n1'), testNode('n2'), testNode('n3')], []);
    const placed = ['a', 'b', 'c'].map((name) => schedulePod(podInfo(testPod(name, {}, {}, { cpu: '1', memory: '1Gi' })), snapshot));
    expect(placed.map((r) => r.kind === 'bound' && r.nodeName).sort()).toEqual(['n1', 'n2', 'n3']);
  });

  it('reports upstream FailedScheduling message when nothing fits', () => {
    const snapshot = new Snapshot([testNode('n1'), testNode('n2'), testNode('n3')], []);
    expect(schedulePod(podInfo(testPod('big', {}, {}, { cpu: '100' })), snapshot)).toEqual({
      kind: 'unschedulable',
      message: '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    });
  });

  it('topology spread score (ScheduleAnyway) prefers the emptier zone', () => {
    const zone = (z: string) => ({ 'topology.kubernetes.io/zone': z });
    const snapshot = new Snapshot([testNode('a1', { labels: zone('a') }), testNode('b1', { labels: zone('b') })], []);
    const spread = { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'w' } } }] };
    snapshot.assume(podInfo(testPod('w0', spread, { app: 'w' })), 'a1');
    // Without the spread score a1 and b1 tie on resources; the spread makes b1 win.
    expect(schedulePod(podInfo(testPod('w1', spread, { app: 'w' })), snapshot)).toEqual({ kind: 'bound', nodeName: 'b1' });
  });

  it('searches only as many nodes as upstream would', () => {
    expect([50, 100, 1000, 5000].map(feasibleNodesToFind)).toEqual([50, 100, 420, 500]);
  });

  it('orders by priority, then age', () => {
    const p = (name: string, priority: number, at: string) => podInfo({ ...testPod(name, { priority }), metadata: { name, namespace: 'default', creationTimestamp: at } });
    const sorted = [p('low', 0, '2026-01-01T00:00:00Z'), p('high', 10, '2026-01-01T00:00:09Z'), p('older', 0, '2025-01-01T00:00:00Z')].sort(comparePods);
    expect(sorted.map((x) => x.name)).toEqual(['high', 'older', 'low']);
  });

  it('property: whatever the nodes and pods, no node gets more than it can allocate', () => {
    const nodeArb = fc.record({ cpu: fc.integer({ min: 0, max: 4000 }), memory: fc.integer({ min: 0, max: 4096 }), pods: fc.integer({ min: 0, max: 5 }) });
    const podArb = fc.record({ cpu: fc.integer({ min: 0, max: 2000 }), memory: fc.integer({ min: 0, max: 2048 }) });
    fc.assert(
      fc.property(fc.array(nodeArb, { minLength: 1, maxLength: 6 }), fc.array(podArb, { maxLength: 40 }), (nodes, pods) => {
        const snapshot = new Snapshot(nodes.map((n, i) => testNode(`n${i}`, { cpu: `${n.cpu}m`, memory: `${n.memory}Mi`, pods: String(n.pods) })), []);
        pods.forEach((p, i) => schedulePod(podInfo(testPod(`p${i}`, {}, {}, { cpu: `${p.cpu}m`, memory: `${p.memory}Mi` })), snapshot));
        for (const node of snapshot.nodes) for (const r of ['cpu', 'memory', 'pods']) expect(node.requested[r] ?? 0).toBeLessThanOrEqual(node.allocatable[r]);
      }),
    );
  });
});
