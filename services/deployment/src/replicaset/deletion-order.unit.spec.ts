import { describe, expect, it } from 'vitest';
import { type Pod } from '@kronicle/pod-control';
import { podsToDelete } from './deletion-order';

const now = new Date('2026-01-01T12:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

function pod(name: string, options: { node?: string; phase?: string; readyFor?: number; createdAgo?: number; restarts?: number; cost?: number } = {}): Pod {
  const { node = 'node-1', phase = 'Running', readyFor, createdAgo = 3600, restarts = 0, cost } = options;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: ago(createdAgo), ...(cost !== undefined ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': String(cost) } } : {}) },
    spec: { nodeName: node || undefined, containers: [{ name: 'c', image: 'i' }] },
    status: {
      phase,
      conditions: readyFor === undefined ? [{ type: 'Ready', status: 'False' }] : [{ type: 'Ready', status: 'True', lastTransitionTime: ago(readyFor) }],
      containerStatuses: [{ restartCount: restarts }],
    },
  } as Pod;
}

const names = (pods: Pod[]) => pods.map((p) => p.metadata.name);

describe('podsToDelete (upstream ActivePodsWithRanks with LogarithmicScaleDown)', () => {
  it('takes unscheduled before pending before running, and not ready before ready', () => {
    const pods = [pod('ready', { readyFor: 600 }), pod('running-not-ready'), pod('pending', { phase: 'Pending' }), pod('unscheduled', { node: '', phase: 'Pending' })];
    expect(names(podsToDelete(pods, pods, 3, now))).toEqual(['unscheduled', 'pending', 'running-not-ready']);
  });

  it('takes the lower pod-deletion-cost first, then pods doubled up on a node', () => {
    const pods = [pod('alone', { node: 'a', readyFor: 600 }), pod('shared-1', { node: 'b', readyFor: 600 }), pod('shared-2', { node: 'b', readyFor: 600 }), pod('cheap', { node: 'c', readyFor: 600, cost: -5 })];
    expect(names(podsToDelete(pods, pods, 3, now))).toEqual(['cheap', 'shared-1', 'shared-2']);
  });

  it('takes pods ready for less time first, on a log2 scale of age where the uid breaks ties', () => {
    const pods = [pod('old', { readyFor: 7200 }), pod('young-b', { readyFor: 10 }), pod('young-a', { readyFor: 11 }), pod('middle', { readyFor: 300 })];
    // 10 s and 11 s are within one power of two: same rank, so uid-young-a goes before uid-young-b.
    expect(names(podsToDelete(pods, pods, 3, now))).toEqual(['young-a', 'young-b', 'middle']);
  });

  it('takes more restarts first, then newer pods', () => {
    const pods = [pod('old', { createdAgo: 7200 }), pod('new', { createdAgo: 5 }), pod('crashy', { createdAgo: 7200, restarts: 3 })];
    expect(names(podsToDelete(pods, pods, 2, now))).toEqual(['crashy', 'new']);
  });

  it('returns every pod when asked for as many or more', () => {
    const pods = [pod('a'), pod('b')];
    expect(podsToDelete(pods, pods, 5, now)).toBe(pods);
  });
});
