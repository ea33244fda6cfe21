import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultFilters } from './filters';
import { podInfo } from './pod-info';
import { comparePods } from './queue-order';
import { defaultProfile, feasibleNodesToFind, schedulePod } from './schedule-pod';
import { defaultScores } from './scores';
import { scheduleOrPreempt } from './preemption';
import { Snapshot } from './snapshot';
import { testNode, testPod } from './test-objects';
import type { NodeInfo, PodInfo } from './types';

const names = (count: number, prefix = 'n') => Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
const smallPod = (name: string) => podInfo(testPod(name, {}, {}, { cpu: '10m', memory: '16Mi' }));

/** Whether every default filter lets the pod onto the node, as the snapshot stands. */
const passesFilters = (pod: PodInfo, node: NodeInfo, snapshot: Snapshot) => defaultFilters.every((f) => !f.prepare(pod, snapshot)?.(node));

/** The exhaustive search: every node filtered and scored, the best first in search order from `start`. */
function exhaustive(pod: PodInfo, snapshot: Snapshot, start: number): string | undefined {
  const order = snapshot.nodes.map((_, i) => snapshot.nodes[(start + i) % snapshot.nodes.length]);
  const feasible = order.filter((node) => passesFilters(pod, node, snapshot));
  const totals = feasible.map(() => 0);
  for (const plugin of defaultScores) {
    const raw = plugin.score(pod, snapshot, feasible);
    if (!raw) continue;
    (plugin.normalize ? plugin.normalize(raw) : raw).forEach((s, i) => (totals[i] += s * plugin.weight));
  }
  const best = totals.indexOf(Math.max(...totals));
  return feasible[best]?.name;
}

/** Nodes of random size, some cordoned or tainted; small pods of random requests, some with a nodeSelector. */
const nodeArb = fc.record({ cpu: fc.integer({ min: 0, max: 4000 }), memory: fc.integer({ min: 0, max: 4096 }), pods: fc.integer({ min: 0, max: 5 }), zone: fc.constantFrom('a', 'b'), cordoned: fc.boolean(), tainted: fc.boolean() });
const podArb = fc.record({ cpu: fc.integer({ min: 0, max: 2000 }), memory: fc.integer({ min: 0, max: 2048 }), zone: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }) });
const toNode = (n: typeof nodeArb extends fc.Arbitrary<infer T> ? T : never, i: number) =>
  testNode(`n${String(i).padStart(4, '0')}`, { cpu: `${n.cpu}m`, memory: `${n.memory}Mi`, pods: String(n.pods), labels: { zone: n.zone }, unschedulable: n.cordoned, taints: n.tainted ? [{ key: 'dedicated', effect: 'NoSchedule' }] : undefined });
const toPod = (p: typeof podArb extends fc.Arbitrary<infer T> ? T : never, i: number) =>
  podInfo(testPod(`p${i}`, p.zone ? { nodeSelector: { zone: p.zone } } : {}, {}, { cpu: `${p.cpu}m`, memory: `${p.memory}Mi` }));

describe('schedulePod', () => {
  it('prefers the least allocated node and spreads a batch', () => {
    const snapshot = Snapshot.of([testNode('n1'), testNode('n2'), testNode('n3')], []);
    const placed = ['a', 'b', 'c'].map((name) => schedulePod(podInfo(testPod(name, {}, {}, { cpu: '1', memory: '1Gi' })), snapshot));
    expect(placed.map((r) => r.kind === 'bound' && r.nodeName).sort()).toEqual(['n1', 'n2', 'n3']);
  });

  it('reports upstream FailedScheduling message when nothing fits', () => {
    const snapshot = Snapshot.of([testNode('n1'), testNode('n2'), testNode('n3')], []);
    expect(scheduleOrPreempt(podInfo(testPod('big', {}, {}, { cpu: '100' })), snapshot)).toEqual({
      kind: 'unschedulable',
      message: '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    });
  });

  it('topology spread score (ScheduleAnyway) prefers the emptier zone', () => {
    const zone = (z: string) => ({ 'topology.kubernetes.io/zone': z });
    const snapshot = Snapshot.of([testNode('a1', { labels: zone('a') }), testNode('b1', { labels: zone('b') })], []);
    const spread = { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'w' } } }] };
    snapshot.assume(podInfo(testPod('w0', spread, { app: 'w' })), 'a1');
    // Without the spread score a1 and b1 tie on resources; the spread makes b1 win.
    expect(schedulePod(podInfo(testPod('w1', spread, { app: 'w' })), snapshot)).toEqual({ kind: 'bound', nodeName: 'b1' });
  });

  it('finds as many feasible nodes as upstream would: all below 100, else the adaptive or configured percentage, at least 100', () => {
    expect([50, 100, 1000, 5000, 100_000].map((n) => feasibleNodesToFind(n))).toEqual([50, 100, 420, 500, 5000]);
    expect([50, 150, 1000, 5000].map((n) => feasibleNodesToFind(n, 30))).toEqual([50, 100, 300, 1500]);
    expect(feasibleNodesToFind(1000, 100)).toBe(1000);
  });

  it('on 1,000 nodes filters only until 420 fit, and the next pod searches on from there', () => {
    const snapshot = Snapshot.of(names(1000).map((name) => testNode(name)), []);
    const first = schedulePod(smallPod('a'), snapshot);
    expect(first).toEqual({ kind: 'bound', nodeName: expect.stringMatching(/^n0[0-3]/) });
    expect(snapshot.searchStart).toBe(420);
    const second = schedulePod(smallPod('b'), snapshot);
    expect(second.kind === 'bound' && second.nodeName >= 'n0420' && second.nodeName < 'n0840').toBe(true);
    expect(snapshot.searchStart).toBe(840);
    // The search wraps around: 840 … 999, then 0 … 259.
    schedulePod(smallPod('c'), snapshot);
    expect(snapshot.searchStart).toBe(260);
  });

  it('counts every node in the FailedScheduling message when none fits, however many there are', () => {
    const snapshot = Snapshot.of(names(200).map((name) => testNode(name)), []);
    expect(scheduleOrPreempt(podInfo(testPod('big', {}, {}, { cpu: '100' })), snapshot)).toEqual({
      kind: 'unschedulable',
      message: '0/200 nodes are available: 200 Insufficient cpu. preemption: 0/200 nodes are available: 200 No preemption victims found for incoming pod.',
    });
  });

  /** Schedules random pods one after another on 100-160 random nodes, the search starting anywhere. */
  const forEachPodOnRandomNodes = (check: (pod: PodInfo, snapshot: Snapshot) => void) =>
    fc.assert(
      fc.property(fc.array(nodeArb, { minLength: 100, maxLength: 160 }), fc.array(podArb, { maxLength: 30 }), fc.nat(), (nodes, pods, start) => {
        const snapshot = Snapshot.of(nodes.map(toNode), []);
        snapshot.searchStart = start;
        pods.forEach((p, i) => check(toPod(p, i), snapshot));
      }),
      { numRuns: 50 },
    );

  it('property: the chosen node passes every filter, and a pod is refused only when no node passes', () => {
    forEachPodOnRandomNodes((pod, snapshot) => {
      const fits = new Set(snapshot.nodes.filter((node) => passesFilters(pod, node, snapshot)).map((node) => node.name));
      const result = schedulePod(pod, snapshot);
      if (result.kind === 'bound') expect(fits.has(result.nodeName)).toBe(true);
      else expect(fits.size).toBe(0);
    });
  });

  it('property: with percentageOfNodesToScore 100 every pod gets the node the exhaustive search finds', () => {
    const everyNode = { ...defaultProfile, percentageOfNodesToScore: 100 };
    forEachPodOnRandomNodes((pod, snapshot) => {
      const expected = exhaustive(pod, snapshot, snapshot.searchStart % snapshot.nodes.length);
      const result = schedulePod(pod, snapshot, everyNode);
      expect(result.kind === 'bound' ? result.nodeName : undefined).toBe(expected);
    });
  });

  it('orders by priority, then age', () => {
    const p = (name: string, priority: number, at: string) => podInfo({ ...testPod(name, { priority }), metadata: { name, namespace: 'default', creationTimestamp: at } });
    const sorted = [p('low', 0, '2026-01-01T00:00:00Z'), p('high', 10, '2026-01-01T00:00:09Z'), p('older', 0, '2025-01-01T00:00:00Z')].sort(comparePods);
    expect(sorted.map((x) => x.name)).toEqual(['high', 'older', 'low']);
  });

  it('property: whatever the nodes and pods, and however few nodes are scored, no node gets more than it can allocate', () => {
    fc.assert(
      fc.property(fc.array(nodeArb, { minLength: 1, maxLength: 150 }), fc.array(podArb, { maxLength: 60 }), fc.integer({ min: 0, max: 100 }), (nodes, pods, percentage) => {
        const snapshot = Snapshot.of(nodes.map(toNode), []);
        pods.forEach((p, i) => schedulePod(toPod(p, i), snapshot, { ...defaultProfile, percentageOfNodesToScore: percentage }));
        for (const node of snapshot.nodes) for (const r of ['cpu', 'memory', 'pods']) expect(node.requested[r] ?? 0).toBeLessThanOrEqual(node.allocatable[r]);
      }),
      { numRuns: 50 },
    );
  });
});
