import { describe, expect, it } from 'vitest';
import type { ObjectWrite } from '@kronicle/controller-runtime';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { World } from '../testing/world';
import type { ReplicaSet } from '../shared/objects';
import { podsResource, replicaSetsResource } from '../shared/resources';
import { reconcileReplicaSet } from './reconcile';

const KEY = 'default/web-abc';
const eventsResource = resourceInfo('', 'events');

/** A ReplicaSet of the nginx template; `finalizers` go on the template's metadata (and so on its pods). */
function replicaSet(replicas: number, finalizers?: string[]): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-abc', namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' }, ...(finalizers ? { finalizers } : {}) }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2' }] } },
    },
  };
}

const rsIn = (w: World) => w.replicaSets().find((rs) => rs.metadata.name === 'web-abc')!;
/** Event names carry the instant and a sequence: compared apart. */
const comparable = (writes: ObjectWrite[]) =>
  writes.map((w) => (w.kind === 'create' && w.resource.resource === 'events' ? { ...w, object: { ...w.object, metadata: { ...w.object.metadata, name: 'web-abc.<nanos>' } } } : w));
const event = (rs: ReplicaSet, type: string, reason: string, message: string, time: string): ObjectWrite => ({
  kind: 'create',
  resource: eventsResource,
  object: {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web-abc.<nanos>', namespace: 'default' },
    involvedObject: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', namespace: 'default', uid: rs.metadata.uid, resourceVersion: rs.metadata.resourceVersion },
    reason,
    message,
    type,
    source: { component: 'replicaset-controller' },
    firstTimestamp: time,
    lastTimestamp: time,
    count: 1,
    reportingComponent: 'replicaset-controller',
    reportingInstance: '',
  },
});
const invalidFinalizer = (pod: string) =>
  `Pod "${pod}" is invalid: metadata.finalizers: Invalid value: "bad finalizer": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`;
/** The pod the reconcile tried to create, read back from the message. */
const podNamed = (writes: ObjectWrite[]) =>
  writes.map((w) => (w.kind === 'create' ? /^Error creating: Pod "([^"]+)"/.exec(String(w.object.message))?.[1] : undefined)).find(Boolean) ?? '';

describe('ReplicaSet: pods the API refuses to create (upstream manageReplicas error path)', () => {
  it('given a template whose pods fail validation, when reconciled, then no pod is written, a Warning FailedCreate event and the ReplicaFailure condition are, and it retries in 1 s', () => {
    // Given: template finalizers are not validated with the ReplicaSet, but on each pod
    const w = new World([]);
    w.create('apps/replicasets', replicaSet(3, ['bad finalizer']));
    const rs = rsIn(w);

    // When
    const result = reconcileReplicaSet(KEY, w.state, w.now);

    // Then
    const pod = podNamed(result.writes);
    expect(pod).toMatch(/^web-abc-[a-z0-9]{5}$/);
    expect(comparable(result.writes)).toEqual([
      event(rs, 'Warning', 'FailedCreate', `Error creating: ${invalidFinalizer(pod)}`, '2026-01-01T00:00:00Z'),
      {
        kind: 'update',
        resource: replicaSetsResource,
        subresource: 'status',
        object: {
          ...rs,
          status: {
            replicas: 0,
            observedGeneration: 1,
            conditions: [{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z', reason: 'FailedCreate', message: invalidFinalizer(pod) }],
          },
        },
      },
    ]);
    expect(result.requeueAfterMs).toBe(1000);
  });

  it('given the condition set 30 s ago, when still refused, then only the event again (the first message stays) and the next try after 30 s more', () => {
    // Given
    const w = new World([]);
    w.create('apps/replicasets', replicaSet(3, ['bad finalizer']));
    w.write(reconcileReplicaSet(KEY, w.state, w.now).writes, 'service:replicaset-controller');
    const condition = rsIn(w).status?.conditions;
    w.advance(30_000);

    // When
    const result = reconcileReplicaSet(KEY, w.state, w.now);

    // Then
    expect(comparable(result.writes)).toEqual([event(rsIn(w), 'Warning', 'FailedCreate', `Error creating: ${invalidFinalizer(podNamed(result.writes))}`, '2026-01-01T00:00:30Z')]);
    expect(rsIn(w).status?.conditions).toEqual(condition);
    expect(result.requeueAfterMs).toBe(30_000);
  });

  it('waits at most 1000 s between tries', () => {
    const w = new World([]);
    w.create('apps/replicasets', replicaSet(1, ['bad finalizer']));
    w.write(reconcileReplicaSet(KEY, w.state, w.now).writes, 'service:replicaset-controller');
    w.advance(3 * 3600_000);
    expect(reconcileReplicaSet(KEY, w.state, w.now).requeueAfterMs).toBe(1_000_000);
  });

  it('given the failure, when the template is fixed, then the pods are created, and the next sync removes the condition', () => {
    // Given
    const w = new World([]);
    w.create('apps/replicasets', replicaSet(2, ['bad finalizer']));
    w.write(reconcileReplicaSet(KEY, w.state, w.now).writes, 'service:replicaset-controller');
    w.advance(5000);
    w.update('apps/replicasets', replicaSet(2));
    expect(rsIn(w).status?.conditions?.map((c) => c.type)).toEqual(['ReplicaFailure']);

    // When
    const result = reconcileReplicaSet(KEY, w.state, w.now);

    // Then: both pods are created with the status that counts them, without the condition
    const rs = rsIn(w);
    expect(result.writes).toMatchObject([
      { kind: 'update', resource: replicaSetsResource, subresource: 'status', object: { ...rs, status: { replicas: 2, fullyLabeledReplicas: 2, observedGeneration: 2 } } },
      { kind: 'create', resource: podsResource },
      { kind: 'create', object: { reason: 'SuccessfulCreate' } },
      { kind: 'create', resource: podsResource },
      { kind: 'create', object: { reason: 'SuccessfulCreate' } },
    ]);
    expect((result.writes[0] as { object: ReplicaSet }).object.status?.conditions).toBeUndefined();
    expect(result.requeueAfterMs).toBeUndefined();

    // And once they are written, the next sync has nothing to report
    w.write(result.writes, 'service:replicaset-controller');
    expect(reconcileReplicaSet(KEY, w.state, w.now).writes).toEqual([]);
  });

  it('given a ReplicaSet with too few pods in a namespace being terminated, when reconciled, then nothing is created and nothing reported, as upstream ignores NamespaceTerminating', () => {
    const w = new World([]);
    const namespaces = resourceInfo('', 'namespaces');
    w.write([{ kind: 'create', resource: namespaces, object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'closing' } } }], 'user:test');
    w.create('apps/replicasets', { ...replicaSet(2), metadata: { name: 'web-abc', namespace: 'closing' } });
    w.write([{ kind: 'delete', resource: namespaces, name: 'closing' }], 'user:test');
    const rs = rsIn(w);

    const result = reconcileReplicaSet('closing/web-abc', w.state, w.now);

    expect(result.writes).toEqual([
      { kind: 'update', resource: replicaSetsResource, subresource: 'status', object: { ...rs, status: { replicas: 0, observedGeneration: 1 } } },
    ]);
  });

  it('given a valid template, when reconciled, then the status counting the new pods, on the ReplicaSet as seen, the pods and their SuccessfulCreate events', () => {
    const w = new World([]);
    w.create('apps/replicasets', replicaSet(1));
    const rs = rsIn(w);

    const result = reconcileReplicaSet(KEY, w.state, w.now);

    expect(result.writes[0]).toEqual({
      kind: 'update',
      resource: replicaSetsResource,
      subresource: 'status',
      object: { ...rs, status: { replicas: 1, fullyLabeledReplicas: 1, observedGeneration: 1 } },
    });
    const pod = result.writes[1];
    expect(pod).toMatchObject({ kind: 'create', resource: podsResource, object: { metadata: { generateName: 'web-abc-', labels: { app: 'web' } } } });
    const name = (pod as { object: { metadata: { name: string } } }).object.metadata.name;
    expect(comparable(result.writes.slice(2))).toEqual([event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`, '2026-01-01T00:00:00Z')]);

    w.write(result.writes, 'service:replicaset-controller');
    expect(reconcileReplicaSet(KEY, w.state, w.now).writes).toEqual([]);
  });
});

describe('ReplicaSet status while pods are created', () => {
  it('creates a burst (upstream burstReplicas) per sync, each with the status that counts it', () => {
    const w = new World([]);
    w.create('apps/replicasets', replicaSet(1200));
    const reported: number[] = [];
    const batches: number[] = [];
    for (;;) {
      const { writes } = reconcileReplicaSet(KEY, w.state, w.now);
      const created = writes.filter((x) => x.kind === 'create' && x.resource.resource === 'pods').length;
      if (created === 0) break;
      batches.push(created);
      reported.push((writes.find((x) => x.kind === 'update') as { object: ReplicaSet }).object.status?.replicas ?? 0);
      w.write(writes, 'service:replicaset-controller');
    }
    expect(batches).toEqual([500, 500, 200]);
    expect(reported).toEqual([500, 1000, 1200]);
  });

  it('lags the pods by less than one burst: with a burst of 500 pods deleted and not reported, it reports them before deleting more', () => {
    // Given: 1,200 pods, reported, and a sync that deleted a burst of them after a scale to 100
    const w = new World([]);
    w.create('apps/replicasets', replicaSet(1200));
    for (let sync = 0; sync < 3; sync++) w.write(reconcileReplicaSet(KEY, w.state, w.now).writes, 'service:replicaset-controller');
    expect(rsIn(w).status?.replicas).toBe(1200);
    w.update('apps/replicasets', replicaSet(100));
    const deletes = reconcileReplicaSet(KEY, w.state, w.now).writes;
    expect(deletes.filter((x) => x.kind === 'delete')).toHaveLength(500);
    expect(deletes.some((x) => x.kind === 'update')).toBe(false);
    w.write(deletes, 'service:replicaset-controller');

    // When
    const { writes } = reconcileReplicaSet(KEY, w.state, w.now);

    // Then
    expect(writes).toEqual([{ kind: 'update', resource: replicaSetsResource, subresource: 'status', object: { ...rsIn(w), status: expect.objectContaining({ replicas: 700 }) } }]);
  });
});

describe('ReplicaSet syncs on pods that changed since the last one (the facts read of each pod are remembered per version)', () => {
  it('counts each pod as it is now: ready, relabelled and so released, relabelled back and so adopted', () => {
    // Given
    const w = new World([]);
    w.create('apps/replicasets', replicaSet(2));
    const sync = () => w.write(reconcileReplicaSet(KEY, w.state, w.now).writes, 'service:replicaset-controller');
    sync();
    const [a, b] = w.pods();
    const controlled = (name: string) => w.pods().find((p) => p.metadata.name === name)?.metadata.ownerReferences?.map((r) => r.uid);
    const relabel = (name: string, app: string) => {
      const pod = w.pods().find((p) => p.metadata.name === name)!;
      w.update('pods', { ...pod, metadata: { ...pod.metadata, labels: { app } } });
    };

    // When / then: a becomes ready
    w.markReady(a);
    sync();
    expect(rsIn(w).status).toMatchObject({ replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 1, availableReplicas: 1 });

    // b relabelled: released, and a pod created in its place
    relabel(b.metadata.name!, 'other');
    sync();
    expect(controlled(b.metadata.name!)).toBeUndefined();
    expect(rsIn(w).status).toMatchObject({ replicas: 2, readyReplicas: 1 });
    expect(w.pods()).toHaveLength(3);

    // b relabelled back: adopted
    relabel(b.metadata.name!, 'web');
    sync();
    expect(controlled(b.metadata.name!)).toEqual([rsIn(w).metadata.uid]);
    // one too many now: the surplus goes (an unready one), then the status counts what is left
    sync();
    sync();
    expect(w.pods().map((p) => p.metadata.name)).toContain(a.metadata.name);
    expect(w.pods()).toHaveLength(2);
    expect(rsIn(w).status).toMatchObject({ replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 1 });
  });
});

describe('ReplicaSet FailedCreate events on retries', () => {
  it('each try reports the pod it tried, as upstream where the API names each try anew; the condition keeps the first', () => {
    const w = new World([]);
    w.create('apps/replicasets', replicaSet(1, ['bad finalizer']));
    const tried: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { writes } = reconcileReplicaSet(KEY, w.state, w.now);
      tried.push(podNamed(writes));
      w.write(writes, 'service:replicaset-controller');
      w.advance(1000);
    }
    expect(new Set(tried).size).toBe(3);
    expect(w.events('FailedCreate').map((e) => e.message).sort()).toEqual(tried.map((pod) => `Error creating: ${invalidFinalizer(pod)}`).sort());
    expect(rsIn(w).status?.conditions).toEqual([expect.objectContaining({ type: 'ReplicaFailure', message: invalidFinalizer(tried[0]) })]);
    expect(w.pods()).toEqual([]);
  });
});
