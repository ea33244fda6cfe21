import { describe, expect, it } from 'vitest';
import { type Pod } from '@kronicle/pod-control';
import type { ObjectChange } from '@kronicle/projection';
import { podStoppedRunning } from './controller';

const running: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-abc-x', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'rs', controller: true }] },
  spec: { nodeName: 'n1' },
  status: { phase: 'Running' },
};
const terminating: Pod = { ...running, metadata: { ...running.metadata, deletionTimestamp: '2026-01-01T00:01:00Z' } };
const change = (type: ObjectChange['type'], object: Pod, previous?: Pod): ObjectChange => ({ type, streamId: 'k8s/core/pods/default/web-abc-x', group: '', resource: 'pods', object, position: 1, streamVersion: 1, previous });

describe('Deployment controller: which pod changes may let a Recreate rollout go on', () => {
  it('a controlled pod that had not finished, gone, finished or released: the pod as it was', () => {
    expect(podStoppedRunning(change('DELETED', terminating, terminating))).toBe(terminating);
    expect(podStoppedRunning(change('MODIFIED', { ...terminating, status: { phase: 'Succeeded' } }, terminating))).toBe(terminating);
    expect(podStoppedRunning(change('MODIFIED', { ...running, status: { phase: 'Failed' } }, running))).toBe(running);
    expect(podStoppedRunning(change('MODIFIED', { ...running, metadata: { ...running.metadata, ownerReferences: [] } }, running))).toBe(running);
  });

  it('not a pod created, still running (terminating or not), already finished, or never controlled', () => {
    expect(podStoppedRunning(change('ADDED', running))).toBeUndefined();
    expect(podStoppedRunning(change('MODIFIED', terminating, running))).toBeUndefined();
    const failed = { ...terminating, status: { phase: 'Failed' } };
    expect(podStoppedRunning(change('DELETED', failed, failed))).toBeUndefined();
    const bare = { ...running, metadata: { ...running.metadata, ownerReferences: [] } };
    expect(podStoppedRunning(change('DELETED', bare, bare))).toBeUndefined();
  });
});
