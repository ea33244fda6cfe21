import { resourceInfo } from '@kronicle/object-lifecycle';
import { describe, expect, it } from 'vitest';
import { pvcs } from './resources';
import { claim, create, pod, storageCluster } from './testing/storage-fixtures';

describe('the standard class and its simulated provisioner', () => {
  it('creates the default class standard at start', () => {
    const cluster = storageCluster();
    expect(cluster.state.list({ group: 'storage.k8s.io', resource: 'storageclasses' }).map((s) => s.object)).toEqual([
      expect.objectContaining({
        metadata: expect.objectContaining({ name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }),
        provisioner: 'kronicle.dev/simulated',
        reclaimPolicy: 'Delete',
        volumeBindingMode: 'Immediate',
      }),
    ]);
  });

  it('given a claim without a class, assigns the default class and provisions a bound volume of the requested size', () => {
    const cluster = storageCluster();
    cluster.act([create(claim('data', '3Gi', { storageClassName: undefined }))]);
    const bound = cluster.claim('data')!;
    const name = `pvc-${bound.metadata.uid}`;
    expect(bound).toMatchObject({
      metadata: { annotations: { 'volume.kubernetes.io/storage-provisioner': 'kronicle.dev/simulated', 'pv.kubernetes.io/bind-completed': 'yes' }, finalizers: ['kubernetes.io/pvc-protection'] },
      spec: { storageClassName: 'standard', volumeName: name },
      status: { phase: 'Bound', capacity: { storage: '3Gi' } },
    });
    expect(cluster.volume(name)).toMatchObject({
      metadata: { annotations: { 'pv.kubernetes.io/provisioned-by': 'kronicle.dev/simulated' }, finalizers: ['kubernetes.io/pv-protection'] },
      spec: { capacity: { storage: '3Gi' }, storageClassName: 'standard', persistentVolumeReclaimPolicy: 'Delete', claimRef: { name: 'data', uid: bound.metadata.uid } },
      status: { phase: 'Bound' },
    });
    const reasons = cluster.state.list({ group: '', resource: 'events' }).map((s) => s.object.reason);
    expect(reasons).toEqual(expect.arrayContaining(['ExternalProvisioning', 'ProvisioningSucceeded']));
  });

  it('given the claim of a provisioned volume is deleted, the Delete policy removes the volume', () => {
    const cluster = storageCluster();
    cluster.act([create(claim('data', '1Gi', { storageClassName: 'standard' }))]);
    const name = cluster.claim('data')!.spec.volumeName!;
    cluster.act([{ kind: 'delete', resource: pvcs, namespace: 'default', name: 'data' }]);
    expect(cluster.claim('data')).toBeUndefined();
    expect(cluster.volume(name)).toBeUndefined();
  });

  it('given a WaitForFirstConsumer class, provisions only once a node is selected, pinned to that node', () => {
    const cluster = storageCluster();
    cluster.act([create({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'local' }, provisioner: 'kronicle.dev/simulated', volumeBindingMode: 'WaitForFirstConsumer' })]);
    cluster.act([create(claim('data', '1Gi', { storageClassName: 'local' }))]);
    expect(cluster.claim('data')!.status!.phase).toBe('Pending');
    expect(cluster.state.list({ group: '', resource: 'events' }).map((s) => s.object.reason)).toContain('WaitForFirstConsumer');

    const claimNow = cluster.claim('data')!;
    cluster.act([{ kind: 'update', resource: pvcs, object: { ...claimNow, metadata: { ...claimNow.metadata, annotations: { ...claimNow.metadata.annotations, 'volume.kubernetes.io/selected-node': 'node-1' } } } }]);
    const volume = cluster.volume(cluster.claim('data')!.spec.volumeName!)!;
    expect(volume.spec.nodeAffinity).toEqual({ required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-1'] }] }] } });
    expect(cluster.claim('data')!.status!.phase).toBe('Bound');
  });
});

describe('pvc-protection', () => {
  it('given a scheduled pod uses a claim, deleting the claim leaves it Terminating until the pod is gone', () => {
    const cluster = storageCluster();
    cluster.act([create(claim('data', '1Gi', { storageClassName: 'standard' })), create(pod('web', 'data', 'node-1'))]);
    cluster.act([{ kind: 'delete', resource: pvcs, namespace: 'default', name: 'data' }]);
    expect(cluster.claim('data')).toMatchObject({ metadata: { deletionTimestamp: expect.any(String), finalizers: ['kubernetes.io/pvc-protection'] } });
    cluster.act([{ kind: 'delete', resource: resourceInfo('', 'pods'), namespace: 'default', name: 'web', options: { gracePeriodSeconds: 0 } }]);
    expect(cluster.claim('data')).toBeUndefined();
  });

  it('does not hold a claim for a pod that is not scheduled or has finished', () => {
    const cluster = storageCluster();
    cluster.act([create(claim('data', '1Gi', { storageClassName: 'standard' })), create(pod('pending', 'data')), create(pod('done', 'data', 'node-1'))]);
    const done = cluster.state.list({ group: '', resource: 'pods' }).find((s) => s.object.metadata.name === 'done')!.object;
    cluster.act([{ kind: 'update', resource: resourceInfo('', 'pods'), subresource: 'status', object: { ...done, status: { phase: 'Succeeded' } } }]);
    cluster.act([{ kind: 'delete', resource: pvcs, namespace: 'default', name: 'data' }]);
    expect(cluster.claim('data')).toBeUndefined();
  });
});
