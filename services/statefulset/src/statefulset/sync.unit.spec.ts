import { describe, expect, it } from 'vitest';
import { StatefulSetCluster, web } from '../testing/statefulset-cluster';

const image = (w: StatefulSetCluster, name: string) => (w.pod(name)!.spec as { containers: { image: string }[] }).containers[0].image;

describe('StatefulSet sync: the docs’ web StatefulSet, OrderedReady', () => {
  it('makes web-0 and its claim first, with its identity; web-1 only once web-0 is Running and Ready', () => {
    const w = new StatefulSetCluster();
    w.create(web());
    expect(w.podNames()).toEqual(['web-0']);
    expect(w.claimNames()).toEqual(['www-web-0']);
    const pod = w.pod('web-0')!;
    const revision = w.set().status!.updateRevision!;
    expect(revision).toMatch(/^web-[a-z0-9]+$/);
    expect(pod.metadata.labels).toEqual({ app: 'nginx', 'statefulset.kubernetes.io/pod-name': 'web-0', 'apps.kubernetes.io/pod-index': '0', 'controller-revision-hash': revision });
    expect(pod.spec).toMatchObject({ hostname: 'web-0', subdomain: 'nginx', volumes: [{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } }] });
    expect(w.events()).toEqual(['SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success', 'SuccessfulCreate: create Pod web-0 in StatefulSet web successful']);
    w.run('web-0', 1);
    expect(w.podNames()).toEqual(['web-0', 'web-1']);
    w.run('web-1', 2);
    expect(w.set().status).toEqual({ observedGeneration: 1, replicas: 2, readyReplicas: 2, currentReplicas: 2, updatedReplicas: 2, availableReplicas: 2, currentRevision: revision, updateRevision: revision, collisionCount: 0 });
  });

  it('scales down from the highest ordinal, one at a time, each once the one before is gone; the claims stay', () => {
    const w = new StatefulSetCluster();
    w.create(web({ replicas: 3 }));
    for (const [i, name] of ['web-0', 'web-1', 'web-2'].entries()) w.run(name, i + 1);
    w.update((set) => ({ ...set, spec: { ...set.spec, replicas: 1 } }), 5);
    expect(w.podNames()).toEqual(['web-0', 'web-1', 'web-2~']);
    w.gone('web-2', 6);
    expect(w.podNames()).toEqual(['web-0', 'web-1~']);
    w.gone('web-1', 7);
    expect(w.podNames()).toEqual(['web-0']);
    expect(w.claimNames()).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
  });

  it('a failed pod is deleted and made again under its name', () => {
    const w = new StatefulSetCluster();
    w.create(web({ replicas: 1 }));
    w.run('web-0', 1);
    const uid = w.pod('web-0')!.metadata.uid;
    w.setPhase('web-0', 'Failed', 2);
    w.gone('web-0', 3);
    expect(w.podNames()).toEqual(['web-0']);
    expect(w.pod('web-0')!.metadata.uid).not.toBe(uid);
  });
});

describe('StatefulSet sync: Parallel', () => {
  it('makes every pod at once, and deletes every surplus one at once', () => {
    const w = new StatefulSetCluster();
    w.create(web({ replicas: 3, podManagementPolicy: 'Parallel' }));
    expect(w.podNames()).toEqual(['web-0', 'web-1', 'web-2']);
    for (const [i, name] of ['web-0', 'web-1', 'web-2'].entries()) w.run(name, i + 1);
    w.update((set) => ({ ...set, spec: { ...set.spec, replicas: 1 } }), 5);
    expect(w.podNames()).toEqual(['web-0', 'web-1~', 'web-2~']);
  });
});

describe('StatefulSet sync: RollingUpdate', () => {
  it('replaces pods from the highest ordinal, each once the one after is ready; then the update revision is current', () => {
    const w = new StatefulSetCluster();
    w.create(web());
    w.run('web-0', 1);
    w.run('web-1', 2);
    const before = w.set().status!.currentRevision;
    w.update((set) => ({ ...set, spec: { ...set.spec, template: { ...set.spec.template, spec: { ...set.spec.template.spec, containers: [{ name: 'nginx', image: 'nginx-slim:0.22' }] } } } }), 3);
    expect(w.podNames()).toEqual(['web-0', 'web-1~']);
    w.gone('web-1', 4);
    expect(image(w, 'web-1')).toBe('nginx-slim:0.22');
    expect(w.podNames()).toEqual(['web-0', 'web-1']);
    w.run('web-1', 5);
    expect(w.podNames()).toEqual(['web-0~', 'web-1']);
    w.gone('web-0', 6);
    w.run('web-0', 7);
    expect(image(w, 'web-0')).toBe('nginx-slim:0.22');
    const status = w.set().status!;
    expect(status.currentRevision).not.toBe(before);
    expect(status).toMatchObject({ currentRevision: status.updateRevision, currentReplicas: 2, updatedReplicas: 2, readyReplicas: 2 });
  });

  it('with a partition, only the ordinals at or above it are updated', () => {
    const w = new StatefulSetCluster();
    w.create(web({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }));
    w.run('web-0', 1);
    w.run('web-1', 2);
    w.update((set) => ({ ...set, spec: { ...set.spec, template: { ...set.spec.template, spec: { ...set.spec.template.spec, containers: [{ name: 'nginx', image: 'nginx-slim:0.22' }] } } } }), 3);
    w.gone('web-1', 4);
    w.run('web-1', 5);
    expect([image(w, 'web-0'), image(w, 'web-1')]).toEqual(['registry.k8s.io/nginx-slim:0.21', 'nginx-slim:0.22']);
    expect(w.podNames()).toEqual(['web-0', 'web-1']);
    expect(w.set().status).toMatchObject({ currentReplicas: 1, updatedReplicas: 1 });
  });
});

describe('StatefulSet sync: persistentVolumeClaimRetentionPolicy', () => {
  it('whenScaled: Delete makes a pod scaled away its claims’ owner, in the append that deletes it; pods in range keep theirs unowned', () => {
    const w = new StatefulSetCluster();
    w.create(web({ replicas: 2, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' } }));
    w.run('web-0', 1);
    w.run('web-1', 2);
    const web1 = w.pod('web-1')!.metadata.uid;
    w.update((set) => ({ ...set, spec: { ...set.spec, replicas: 1 } }), 3);
    const owners = (claim: string) => w.cluster.state.get(`k8s/core/persistentvolumeclaims/default/${claim}`)!.object.metadata.ownerReferences;
    expect(owners('www-web-1')).toEqual([{ apiVersion: 'v1', kind: 'Pod', name: 'web-1', uid: web1 }]);
    expect(owners('www-web-0')).toBeUndefined();
    expect(w.podNames()).toEqual(['web-0', 'web-1~']);
  });
});
