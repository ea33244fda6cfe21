import { describe, expect, it } from 'vitest';
import { objectStreamId, ObjectEventType, type KubeObject } from '@kronicle/contracts';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { ClusterState } from '@kronicle/projection';
import { kubeEvent } from './kube-event';
import type { ObjectWrite } from './object-write';
import { bindFenceStreamId, planWrites, PodsBound } from './plan-writes';

const now = new Date('2026-01-01T00:00:00Z');
const ctx = { now, newUid: () => 'uid', randomSuffix: () => 'abcde' };
const meta = { correlationId: 'c', actor: 'service:test', time: now.toISOString() };
const podStream = (name: string) => objectStreamId({ group: '', resource: 'pods', namespace: 'default', name });

function stateWithPods(...names: string[]): ClusterState {
  const state = new ClusterState();
  names.forEach((name, i) => {
    const object: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: name }, spec: { containers: [] }, status: { phase: 'Pending' } };
    state.apply({ id: name, position: i + 1, streamId: podStream(name), streamVersion: 1, type: ObjectEventType.Created, metadata: meta, data: { group: '', resource: 'pods', object } });
  });
  return state;
}

describe('planWrites: bind', () => {
  it('binds through the binding subresource at the version the cache saw', () => {
    const [request] = planWrites([{ kind: 'bind', namespace: 'default', name: 'a', nodeName: 'node-1' }], stateWithPods('a'), ctx, meta);
    expect(request).toMatchObject({ streamId: podStream('a'), expectedVersion: 1 });
    expect(request.events[0]).toMatchObject({ type: ObjectEventType.Updated, data: { subresource: 'binding', object: { spec: { nodeName: 'node-1' } } } });
  });

  it('fences binds per scheduler: one fence event per reconcile, last, expecting the version the cache saw', () => {
    const requests = planWrites(
      [
        { kind: 'bind', namespace: 'default', name: 'a', nodeName: 'node-1', fence: 'default-scheduler' },
        { kind: 'bind', namespace: 'default', name: 'b', nodeName: 'node-1', fence: 'default-scheduler' },
        { kind: 'bind', namespace: 'default', name: 'c', nodeName: 'node-2', fence: 'default-scheduler' },
      ],
      stateWithPods('a', 'b', 'c'),
      ctx,
      meta,
    );
    expect(requests.slice(0, 3).map((r) => r.streamId)).toEqual(['a', 'b', 'c'].map(podStream));
    expect(requests.slice(3)).toEqual([
      {
        streamId: bindFenceStreamId('default-scheduler'),
        expectedVersion: 0,
        events: [{ type: PodsBound, data: { scheduler: 'default-scheduler', nodes: { 'node-1': ['default/a', 'default/b'], 'node-2': ['default/c'] } }, metadata: meta }],
      },
    ]);
  });

  it('refuses to bind a pod already bound', () => {
    const state = stateWithPods('a');
    const [request] = planWrites([{ kind: 'bind', namespace: 'default', name: 'a', nodeName: 'node-1' }], state, ctx, meta);
    state.apply({ id: 'x', position: 9, streamId: request.streamId, streamVersion: 2, ...request.events[0] } as never);
    expect(() => planWrites([{ kind: 'bind', namespace: 'default', name: 'a', nodeName: 'node-2' }], state, ctx, meta)).toThrow(/already assigned to node "node-1"/);
  });
});

describe('planWrites: expect', () => {
  const pods = resourceInfo('', 'pods');
  const newPod = (name: string) => ({ kind: 'create' as const, resource: pods, object: { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } });

  it('appends the writes only while the expected object is at the version the cache saw, writing nothing to it', () => {
    const state = stateWithPods('a');
    const namespace: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', uid: 'ns' } };
    state.apply({ id: 'ns', position: 2, streamId: objectStreamId({ group: '', resource: 'namespaces', name: 'default' }), streamVersion: 1, type: ObjectEventType.Created, metadata: meta, data: { group: '', resource: 'namespaces', object: namespace } });
    const requests = planWrites([{ kind: 'expect', resource: pods, namespace: 'default', name: 'a' }, newPod('b')], state, ctx, meta);
    expect(requests.map((r) => [r.streamId, r.expectedVersion, r.events.length])).toEqual([
      [podStream('a'), 1, 0],
      [podStream('b'), 0, 1],
    ]);
  });

  it('adds nothing to a write of the same object, which expects that version already', () => {
    const requests = planWrites([{ kind: 'expect', resource: pods, namespace: 'default', name: 'a' }, { kind: 'delete', resource: pods, namespace: 'default', name: 'a' }], stateWithPods('a'), ctx, meta);
    expect(requests.map((r) => [r.streamId, r.expectedVersion, r.events.length])).toEqual([[podStream('a'), 1, 1]]);
  });

  it('appends nothing when nothing else is written', () => {
    expect(planWrites([{ kind: 'expect', resource: pods, namespace: 'default', name: 'a' }], stateWithPods('a'), ctx, meta)).toEqual([]);
  });
});

describe('planWrites: Kubernetes Events', () => {
  it('leaves out an Event the API refuses in a namespace being deleted, not the status write it explains (as upstream’s recorder drops it)', () => {
    const state = stateWithPods('a');
    const namespace: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', uid: 'ns', deletionTimestamp: now.toISOString() }, status: { phase: 'Terminating' } };
    state.apply({ id: 'ns', position: 2, streamId: objectStreamId({ group: '', resource: 'namespaces', name: 'default' }), streamVersion: 1, type: ObjectEventType.Created, metadata: meta, data: { group: '', resource: 'namespaces', object: namespace } });
    const pod = state.get(podStream('a'))!.object;
    const writes: ObjectWrite[] = [
      { kind: 'update', resource: resourceInfo('', 'pods'), subresource: 'status', object: { ...pod, status: { phase: 'Succeeded' } } },
      kubeEvent({ regarding: pod, type: 'Normal', reason: 'Killing', message: 'Stopping container c', component: 'kubelet', now }),
    ];
    expect(planWrites(writes, state, ctx, meta).map((r) => r.streamId)).toEqual([podStream('a')]);
    // Anything else the API refuses there still fails the plan.
    const configMap = { kind: 'create' as const, resource: resourceInfo('', 'configmaps'), object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } } };
    expect(() => planWrites([configMap], state, ctx, meta)).toThrow(/because it is being terminated/);
  });

  it('still fails a plan whose Event has no namespace yet: tried again, it is written once the namespace is', () => {
    const event = kubeEvent({ regarding: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', uid: 'n' } }, type: 'Normal', reason: 'RegisteredNode', message: 'Node node-1 event: Registered Node node-1 in Controller', component: 'node-controller', now });
    expect(() => planWrites([event], new ClusterState(), ctx, meta)).toThrow(/namespaces "default" not found/);
  });
});
