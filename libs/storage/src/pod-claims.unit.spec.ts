import type { RecordedEvent } from '@kronicle/contracts';
import { objectStreamId } from '@kronicle/contracts';
import { ClusterState } from '@kronicle/projection';
import { describe, expect, it } from 'vitest';
import { claimsWithSelectedNode, podClaimsFit, podClaimsRejection, podUsesClaim } from './pod-claims';
import type { KubeObject } from '@kronicle/contracts';

function stateOf(...objects: [string, string, KubeObject][]): ClusterState {
  const state = new ClusterState();
  objects.forEach(([group, resource, object], i) =>
    state.apply({
      id: `${i}`,
      position: i + 1,
      streamId: objectStreamId({ group, resource, namespace: object.metadata.namespace, name: object.metadata.name! }),
      streamVersion: 1,
      type: 'ObjectCreated',
      data: { group, resource, object },
      metadata: { correlationId: 'c', actor: 'test', time: '' },
    } as RecordedEvent),
  );
  return state;
}

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] } };
const claim = (spec: Record<string, unknown>, status = 'Pending') => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default', uid: 'c1' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec }, status: { phase: status } });
const wffc = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'local' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' };
const localVolume = (node: string) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: `pv-${node}` },
  spec: { capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'local', nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } } },
  status: { phase: 'Available' },
});
const node = (name: string) => ({ name, labels: { 'kubernetes.io/hostname': name } });

describe('the scheduler predicate for a pod\'s claims', () => {
  it('given a missing claim or an unbound Immediate claim, no node is looked at (PreFilter), with upstream\'s reasons', () => {
    expect(podClaimsRejection(pod, stateOf())).toBe('persistentvolumeclaim "data" not found');
    expect(podClaimsRejection(pod, stateOf(['', 'persistentvolumeclaims', claim({})]))).toBe('pod has unbound immediate PersistentVolumeClaims');
    expect(podClaimsRejection(pod, stateOf(['', 'persistentvolumeclaims', claim({ volumeName: 'gone' }, 'Bound')]))).toBeUndefined();
  });

  it('given a claim bound to a volume that does not exist, no node fits', () => {
    const state = stateOf(['', 'persistentvolumeclaims', claim({ volumeName: 'gone' }, 'Bound')]);
    expect(podClaimsFit(pod, node('a'), state)).toEqual({ fits: false, reason: 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)' });
  });

  it('given a bound claim, the pod fits only where its volume\'s node affinity allows', () => {
    const state = stateOf(['', 'persistentvolumeclaims', claim({ volumeName: 'pv-a' }, 'Bound')], ['', 'persistentvolumes', localVolume('a')]);
    expect(podClaimsFit(pod, node('a'), state)).toEqual({ fits: true });
    expect(podClaimsFit(pod, node('b'), state)).toEqual({ fits: false, reason: 'node(s) had volume node affinity conflict' });
  });

  it('given an unbound WaitForFirstConsumer claim without a provisioner, the pod fits where a matching local volume is', () => {
    const state = stateOf(['storage.k8s.io', 'storageclasses', wffc], ['', 'persistentvolumeclaims', claim({ storageClassName: 'local' })], ['', 'persistentvolumes', localVolume('a')]);
    expect(podClaimsFit(pod, node('a'), state)).toEqual({ fits: true });
    expect(podClaimsFit(pod, node('b'), state)).toEqual({ fits: false, reason: "node(s) didn't find available persistent volumes to bind" });
    expect(claimsWithSelectedNode(pod, 'a', state).map((c) => c.metadata.annotations)).toEqual([{ 'volume.kubernetes.io/selected-node': 'a' }]);
  });

  it('counts a pod as using its claim only once it is scheduled and until it finishes', () => {
    expect(podUsesClaim(pod, 'data')).toBe(false);
    expect(podUsesClaim({ ...pod, spec: { ...pod.spec, nodeName: 'a' } }, 'data')).toBe(true);
    expect(podUsesClaim({ ...pod, spec: { ...pod.spec, nodeName: 'a' }, status: { phase: 'Failed' } }, 'data')).toBe(false);
  });
});
