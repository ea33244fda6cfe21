import { describe, expect, it } from 'vitest';
import { type Pod } from '@kronicle/pod-control';
import type { ObjectChange } from '@kronicle/projection';
import { podChangeMatters } from './controller';

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-abc-x', namespace: 'default', labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'rs', controller: true }] },
  spec: {},
  status: { phase: 'Pending' },
};
const ready: Pod = { ...pod, spec: { nodeName: 'n1' }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }] } };
const terminating: Pod = { ...ready, metadata: { ...ready.metadata, deletionTimestamp: '2026-01-01T00:01:00Z' } };
const change = (type: ObjectChange['type'], object: Pod, previous?: Pod): ObjectChange => ({ type, streamId: 'k8s/core/pods/default/web-abc-x', group: '', resource: 'pods', object, position: 1, streamVersion: 1, previous });

describe('ReplicaSet controller: which pod changes it reconciles for', () => {
  it('a pod created, becoming ready, relabelled, released, terminating or deleted while active', () => {
    expect(podChangeMatters(change('ADDED', pod))).toBe(true);
    expect(podChangeMatters(change('MODIFIED', ready, { ...pod, spec: { nodeName: 'n1' } }))).toBe(true);
    expect(podChangeMatters(change('MODIFIED', { ...pod, metadata: { ...pod.metadata, labels: { app: 'other' } } }, pod))).toBe(true);
    expect(podChangeMatters(change('MODIFIED', { ...pod, metadata: { ...pod.metadata, ownerReferences: [] } }, pod))).toBe(true);
    expect(podChangeMatters(change('MODIFIED', terminating, ready))).toBe(true);
    expect(podChangeMatters(change('DELETED', pod, pod))).toBe(true);
  });

  it('not a binding, nor a pod that is not counted before or after (a terminating pod finishing or going)', () => {
    expect(podChangeMatters(change('MODIFIED', { ...pod, spec: { nodeName: 'n1' } }, pod))).toBe(false);
    expect(podChangeMatters(change('MODIFIED', { ...terminating, status: { phase: 'Succeeded' } }, terminating))).toBe(false);
    expect(podChangeMatters(change('DELETED', terminating, terminating))).toBe(false);
  });

  it('a Ready condition that transitioned again or a controller renamed, but not its other fields nor another owner', () => {
    const condition = ready.status!.conditions![0];
    const readyAgain: Pod = { ...ready, status: { ...ready.status, conditions: [{ ...condition, lastTransitionTime: '2026-01-01T00:05:00Z' }] } };
    expect(podChangeMatters(change('MODIFIED', readyAgain, ready))).toBe(true);
    const [ref] = pod.metadata.ownerReferences!;
    expect(podChangeMatters(change('MODIFIED', { ...ready, metadata: { ...ready.metadata, ownerReferences: [{ ...ref, name: 'web-def' }] } }, ready))).toBe(true);

    const probed = { ...ready, status: { ...ready.status, conditions: [{ ...condition, reason: 'Probed', message: 'ok' }] } };
    expect(podChangeMatters(change('MODIFIED', probed, ready))).toBe(false);
    const other = { apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', uid: 'cm' };
    expect(podChangeMatters(change('MODIFIED', { ...ready, metadata: { ...ready.metadata, ownerReferences: [ref, other] } }, ready))).toBe(false);
  });
});
