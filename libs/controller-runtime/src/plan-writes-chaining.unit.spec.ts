import { describe, expect, it } from 'vitest';
import { objectStreamId, ObjectEventType, type KubeObject, type ObjectEventData } from '@kronicle/contracts';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { ClusterState } from '@kronicle/projection';
import { kubeEvent } from './kube-event';
import { planWrites } from './plan-writes';

const metadata = { correlationId: 'c', actor: 'service:test', time: '2026-01-01T00:00:00Z' };
const ctx = { now: new Date('2026-01-01T00:00:00Z'), newUid: () => 'u', randomSuffix: () => 'abcde' };

describe('planWrites', () => {
  it('decides a status write after a spec write on top of it, in one append', () => {
    // Given a Deployment in the cache
    const state = new ClusterState();
    const streamId = objectStreamId({ group: 'apps', resource: 'deployments', namespace: 'default', name: 'web' });
    const deployment: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', uid: 'u1', creationTimestamp: '2026-01-01T00:00:00Z', generation: 1 },
      spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
      status: {},
    };
    state.apply({ id: 'e1', position: 1, streamId, streamVersion: 3, type: ObjectEventType.Created, metadata, data: { group: 'apps', resource: 'deployments', object: deployment } });
    const cached = state.get(streamId)!.object;
    const deployments = resourceInfo('apps', 'deployments');

    // When one reconcile changes a Deployment's spec and then writes its status, both from the cached object
    const requests = planWrites(
      [
        { kind: 'update', resource: deployments, object: { ...cached, metadata: { ...cached.metadata, labels: { seen: 'yes' } } } },
        { kind: 'update', resource: deployments, subresource: 'status', object: { ...cached, status: { observedGeneration: 1 } } },
      ],
      state,
      ctx,
      metadata,
    );

    // Then one append at the cached version carries both, the last with both changes
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ streamId, expectedVersion: 3 });
    const last = (requests[0].events[1].data as ObjectEventData).object;
    expect(last.metadata.labels).toEqual({ seen: 'yes' });
    expect(last.status).toEqual({ observedGeneration: 1 });
  });
});

describe('creates in one plan', () => {
  it('refuses a second create of the same name, as the API would, instead of recording it twice', () => {
    const state = new ClusterState();
    state.apply({ id: 'n', position: 1, streamId: objectStreamId({ group: '', resource: 'namespaces', name: 'default' }), streamVersion: 1, type: ObjectEventType.Created, metadata, data: { group: '', resource: 'namespaces', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } } });
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'twice', namespace: 'default' } };
    const create = { kind: 'create' as const, resource: resourceInfo('', 'configmaps'), object: configMap };
    expect(() => planWrites([create, create], state, ctx, metadata)).toThrow('configmaps "twice" already exists');
  });

  it('names the events of one instant apart, however many one reconcile writes', () => {
    const rs: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-abc', namespace: 'default', uid: 'u' } };
    const names = Array.from({ length: 2000 }, () => {
      const write = kubeEvent({ regarding: rs, type: 'Normal', reason: 'SuccessfulCreate', message: 'Created pod', component: 'replicaset-controller', now: ctx.now });
      return write.kind === 'create' ? write.object.metadata.name : '';
    });
    expect(new Set(names).size).toBe(2000);
  });
});
