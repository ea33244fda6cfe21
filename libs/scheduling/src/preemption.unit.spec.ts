import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kronicle/contracts';
import { podInfo } from './pod-info';
import { candidatesToFind, scheduleOrPreempt, selectPreemption } from './preemption';
import { Snapshot } from './snapshot';
import { testNode, testPod } from './test-objects';

/** A pod of `cpu` cores and `priority` on `nodeName` (or pending). */
const pod = (name: string, cpu: string, priority: number, nodeName?: string, extra: Partial<KubeObject> = {}) => {
  const object = testPod(name, { priority, ...(nodeName ? { nodeName } : {}) }, {}, { cpu });
  return podInfo({ ...object, ...extra, metadata: { ...object.metadata, ...extra.metadata } });
};
const names = (victims: { name: string }[]) => victims.map((v) => v.name).sort();

describe('preemption (upstream DefaultPreemption)', () => {
  it('nominates the node where deleting pods of lower priority makes room, and keeps those it can live beside', () => {
    const placed = [pod('low-1', '1', 0, 'n1'), pod('low-2', '2', 0, 'n1'), pod('low-3', '1', 10, 'n1')];
    const snapshot = Snapshot.of([testNode('n1', { cpu: '4' })], placed);
    // 3 cores wanted on a full 4-core node: low-3 (priority 10, the most important) is given back first
    // and fits beside it; neither priority-0 pod fits as well, so both go.
    const outcome = scheduleOrPreempt(pod('high', '3', 100), snapshot);
    expect(outcome).toMatchObject({ kind: 'nominated', nodeName: 'n1', message: '0/1 nodes are available: 1 Insufficient cpu.' });
    expect(outcome.kind === 'nominated' && names(outcome.victims)).toEqual(['low-1', 'low-2']);
  });

  it('of several candidate nodes, takes the one whose most important victim matters least, then the fewest victims', () => {
    const snapshot = Snapshot.of(
      [testNode('a', { cpu: '2' }), testNode('b', { cpu: '2' }), testNode('c', { cpu: '2' })],
      [pod('a-mid', '2', 50, 'a'), pod('b-low-1', '1', 1, 'b'), pod('b-low-2', '1', 1, 'b'), pod('c-low', '2', 1, 'c')],
    );
    expect(selectPreemption(pod('high', '2', 100), snapshot)).toEqual({ nodeName: 'c', victims: [expect.objectContaining({ name: 'c-low' })] });
  });

  it('spares pods a PodDisruptionBudget protects: given back first on a node, and a node without such victims preferred', () => {
    const labelled = (name: string, cpu: string, priority: number, nodeName: string, app: string) => pod(name, cpu, priority, nodeName, { metadata: { name, labels: { app } } });
    const guarded = [{ namespace: 'default', selector: { matchLabels: { app: 'db' } }, disruptionsAllowed: 0 }];
    const oneNode = () => Snapshot.of([testNode('n1', { cpu: '4' })], [labelled('db-0', '2', 5, 'n1', 'db'), labelled('web-0', '2', 10, 'n1', 'web')]);
    // Without the budget, web-0 (the more important) is given back first and db-0 goes; with it, db-0 is kept.
    expect(names(selectPreemption(pod('high', '2', 100), oneNode())!.victims)).toEqual(['db-0']);
    expect(names(selectPreemption(pod('high', '2', 100), oneNode(), undefined, guarded)!.victims)).toEqual(['web-0']);

    const twoNodes = Snapshot.of([testNode('a', { cpu: '2' }), testNode('b', { cpu: '2' })], [labelled('db-1', '2', 1, 'a', 'db'), labelled('web-1', '2', 50, 'b', 'web')]);
    expect(selectPreemption(pod('high', '2', 100), twoNodes)?.nodeName).toBe('a');
    expect(selectPreemption(pod('high', '2', 100), twoNodes, undefined, guarded)?.nodeName).toBe('b');
  });

  it('looks for 10 % of the nodes as candidates, at least 100, from where the search stands', () => {
    expect([50, 300, 5000].map(candidatesToFind)).toEqual([50, 100, 500]);
    const nodeNames = Array.from({ length: 300 }, (_, i) => `n${String(i).padStart(4, '0')}`);
    // Every node is full with one victim; n0250's matters least.
    const snapshot = () => Snapshot.of(nodeNames.map((n) => testNode(n, { cpu: '2' })), nodeNames.map((n) => pod(`p-${n}`, '2', n === 'n0250' ? 1 : 5, n)));
    const from = (start: number) => {
      const s = snapshot();
      s.searchStart = start;
      return selectPreemption(pod('high', '2', 100), s)?.nodeName;
    };
    expect(from(0)).toBe('n0000');
    expect(from(200)).toBe('n0250');
  });

  it('never preempts pods of equal or higher priority, nor where removing pods cannot help', () => {
    const tainted = testNode('t', { cpu: '2', taints: [{ key: 'k', effect: 'NoSchedule' }] });
    const snapshot = Snapshot.of([testNode('n1', { cpu: '2' }), tainted], [pod('peer', '2', 100, 'n1'), pod('low', '2', 0, 't')]);
    expect(scheduleOrPreempt(pod('high', '2', 100), snapshot)).toEqual({
      kind: 'unschedulable',
      message:
        "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {k: }. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.",
    });
  });

  it('a pod with preemptionPolicy Never, or whose earlier victims still terminate on its nominated node, does not preempt', () => {
    const terminating = pod('going', '2', 0, 'n1', {
      metadata: { name: 'going', deletionTimestamp: '2026-01-01T00:01:00Z' },
      status: { conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }] },
    });
    expect(scheduleOrPreempt(pod('never', '2', 100, undefined, { spec: { priority: 100, preemptionPolicy: 'Never', containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: '2' } } }] } }), Snapshot.of([testNode('n1', { cpu: '2' })], [pod('low', '2', 0, 'n1')]))).toEqual({
      kind: 'unschedulable',
      message: '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.',
    });
    const waiting = pod('high', '2', 100, undefined, { status: { nominatedNodeName: 'n1' } });
    expect(scheduleOrPreempt(waiting, Snapshot.of([testNode('n1', { cpu: '2' })], [terminating]))).toEqual({
      kind: 'unschedulable',
      message: '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to a terminating pod on the nominated node.',
    });
  });
});
