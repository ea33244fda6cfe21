import { resourceInfo } from '@kronicle/object-lifecycle';
import { describe, expect, it } from 'vitest';
import { claim, create, storageCluster, volume } from './testing/storage-fixtures';

describe('binding claims to volumes (PV controller)', () => {
  it('given volumes of 10Gi, 5Gi and 2Gi, when a claim asks for 3Gi, then it binds the smallest that fits', () => {
    const cluster = storageCluster();
    cluster.act([create(volume('big', '10Gi')), create(volume('medium', '5Gi')), create(volume('small', '2Gi'))]);
    cluster.act([create(claim('data', '3Gi'))]);

    expect(cluster.claim('data')).toMatchObject({
      metadata: { annotations: { 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' } },
      spec: { volumeName: 'medium' },
      status: { phase: 'Bound', capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'] },
    });
    expect(cluster.volume('medium')).toMatchObject({
      metadata: { annotations: { 'pv.kubernetes.io/bound-by-controller': 'yes' } },
      spec: { claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data', uid: cluster.claim('data')!.metadata.uid } },
      status: { phase: 'Bound' },
    });
    expect(cluster.volume('big')!.status!.phase).toBe('Available');
  });

  it('binds only volumes of the same class, volume mode, access modes and matching the selector', () => {
    const cluster = storageCluster();
    cluster.act([
      create(volume('other-class', '5Gi', { storageClassName: 'fast' })),
      create(volume('block', '5Gi', { volumeMode: 'Block' })),
      create(volume('rwx-only', '5Gi', { accessModes: ['ReadWriteMany'] })),
      create(volume('unlabelled', '5Gi')),
      create(volume('labelled', '8Gi', {}, { tier: 'gold' })),
    ]);
    cluster.act([create(claim('data', '1Gi', { selector: { matchLabels: { tier: 'gold' } } }))]);
    expect(cluster.claim('data')!.spec.volumeName).toBe('labelled');
  });

  it('given no volume fits and no class provisions, the claim stays Pending with upstream\'s event', () => {
    const cluster = storageCluster();
    cluster.act([create(claim('data', '1Gi', { storageClassName: '' }))]);
    expect(cluster.claim('data')!.status!.phase).toBe('Pending');
    const events = cluster.state.list({ group: '', resource: 'events', namespace: 'default' }).map((s) => [s.object.reason, s.object.message]);
    expect(events).toContainEqual(['FailedBinding', 'no persistent volumes available for this claim and no storage class is set']);
  });

  it('binds a claim pre-bound by volumeName, and a volume pre-bound by claimRef to its claim only', () => {
    const cluster = storageCluster();
    cluster.act([
      create(volume('reserved', '1Gi', { claimRef: { namespace: 'default', name: 'mine' } })),
      create(volume('chosen', '20Gi')),
    ]);
    cluster.act([create(claim('by-name', '1Gi', { volumeName: 'chosen' }))]);
    cluster.act([create(claim('other', '1Gi'))]);
    expect(cluster.claim('other')!.status!.phase).toBe('Pending');
    expect(cluster.claim('by-name')).toMatchObject({ spec: { volumeName: 'chosen' }, status: { phase: 'Bound' } });
    expect(cluster.claim('by-name')!.metadata.annotations).not.toHaveProperty('pv.kubernetes.io/bound-by-controller');
    cluster.act([create(claim('mine', '1Gi'))]);
    expect(cluster.claim('mine')).toMatchObject({ spec: { volumeName: 'reserved' }, status: { phase: 'Bound' } });
    expect(cluster.volume('reserved')!.metadata.annotations ?? {}).not.toHaveProperty('pv.kubernetes.io/bound-by-controller');
  });

  it('given a claim bound to a Retain volume is deleted, the volume is Released and kept', () => {
    const cluster = storageCluster();
    cluster.act([create(volume('keep', '1Gi', { persistentVolumeReclaimPolicy: 'Retain' }))]);
    cluster.act([create(claim('data', '1Gi'))]);
    cluster.act([{ kind: 'delete', resource: resourceInfo('', 'persistentvolumeclaims'), namespace: 'default', name: 'data' }]);
    expect(cluster.claim('data')).toBeUndefined();
    expect(cluster.volume('keep')!.status!.phase).toBe('Released');
  });
});
