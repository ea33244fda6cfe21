import { describe, expect, it } from 'vitest';
import { objectStreamId, ObjectEventType, type KubeObject, type ObjectEventData } from '@kronicle/contracts';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { InMemoryCluster } from './in-memory-cluster';
import { correlateKubeEvents, kubeEvent, type KubeEventInput } from './kube-event';
import type { ObjectWrite } from './object-write';
import { planWrites } from './plan-writes';

const t0 = new Date('2026-01-01T00:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', uid: 'pod-uid', resourceVersion: '7' } };
const backOff = (now: Date, overrides: Partial<KubeEventInput> = {}): ObjectWrite =>
  kubeEvent({ regarding: pod, type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container c in pod web_default(pod-uid)', component: 'kubelet', host: 'node-1', now, ...overrides });

/** A cluster holding the default namespace; events written to it as a controller would. */
function cluster(): InMemoryCluster {
  const c = new InMemoryCluster();
  c.write([{ kind: 'create', resource: resourceInfo('', 'namespaces'), object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } }], t0);
  return c;
}
const events = (c: InMemoryCluster) => c.state.list({ group: '', resource: 'events', namespace: 'default' }).map((s) => s.object as KubeObject & Record<string, unknown>);

describe('correlateKubeEvents (upstream EventCorrelator.eventObserve)', () => {
  it('given no such Event in the cache, when an event is recorded, then it is created with count 1', () => {
    const c = cluster();
    const write = backOff(t0);
    expect(correlateKubeEvents([write], c.state)).toEqual([write]);
  });

  it('given the same Event in the cache, when it is recorded again, then that Event is updated: count + 1, lastTimestamp now, name and firstTimestamp kept', () => {
    // Given
    const c = cluster();
    c.write([backOff(t0)], t0, 'service:node-agent');
    const [first] = events(c);

    // When
    const writes = correlateKubeEvents([backOff(at(40))], c.state);

    // Then
    expect(writes).toEqual([{ kind: 'update', resource: resourceInfo('', 'events'), object: { ...first, count: 2, lastTimestamp: '2026-01-01T00:00:40Z' } }]);
  });

  it('recorded three times over two minutes, one Event counts 3 (kubectl describe: "x3 over 2m")', () => {
    const c = cluster();
    for (const seconds of [0, 60, 120]) c.write([backOff(at(seconds))], at(seconds), 'service:node-agent');
    expect(events(c)).toEqual([expect.objectContaining({ reason: 'BackOff', count: 3, firstTimestamp: '2026-01-01T00:00:00Z', lastTimestamp: '2026-01-01T00:02:00Z' })]);
  });

  it.each([
    ['message', { message: 'Back-off pulling image "nginx"' }],
    ['reason', { reason: 'Failed' }],
    ['type', { type: 'Normal' as const }],
    ['source component', { component: 'default-scheduler' }],
    ['source host', { host: 'node-2' }],
    ['involved object (a new pod of the same name)', { regarding: { ...pod, metadata: { ...pod.metadata, uid: 'other-uid' } } }],
  ])('an event differing in %s is another Event', (_what, overrides) => {
    const c = cluster();
    c.write([backOff(t0)], t0);
    c.write([backOff(at(10), overrides)], at(10));
    expect(events(c).map((e) => e.count)).toEqual([1, 1]);
  });

  it('does not tell apart an involved object seen at another resourceVersion', () => {
    const c = cluster();
    c.write([backOff(t0)], t0);
    c.write([backOff(at(10), { regarding: { ...pod, metadata: { ...pod.metadata, resourceVersion: '9' } } })], at(10));
    expect(events(c).map((e) => e.count)).toEqual([2]);
  });

  it('folds the same event written twice in one reconcile into one create with count 2; other writes keep their order', () => {
    const c = cluster();
    const other: ObjectWrite = { kind: 'delete', resource: resourceInfo('', 'pods'), namespace: 'default', name: 'old' };
    const first = backOff(t0);
    const writes = correlateKubeEvents([first, other, backOff(at(1))], c.state);
    expect(writes).toEqual([{ ...first, object: { ...(first as { object: KubeObject }).object, count: 2, lastTimestamp: '2026-01-01T00:00:01Z' } }, other]);
  });

  it('counts on an Event of another namespace never', () => {
    const c = cluster();
    c.write([{ kind: 'create', resource: resourceInfo('', 'namespaces'), object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } } }], t0);
    c.write([backOff(t0)], t0);
    const elsewhere = { ...pod, metadata: { ...pod.metadata, namespace: 'other' } };
    expect(correlateKubeEvents([backOff(at(5), { regarding: elsewhere })], c.state)[0].kind).toBe('create');
  });

  it('planned, the count is an update of the Event stream at its cached version, so a racing count loses cleanly', () => {
    const c = cluster();
    c.write([backOff(t0)], t0);
    c.write([backOff(at(1))], at(1));
    const [event] = c.state.list({ group: '', resource: 'events' });
    const streamId = objectStreamId({ group: '', resource: 'events', namespace: 'default', name: event.object.metadata.name! });
    const meta = { correlationId: 'c', actor: 'service:node-agent', time: at(2).toISOString() };

    const requests = planWrites([backOff(at(2))], c.state, { now: at(2), newUid: () => 'u', randomSuffix: () => 'abcde' }, meta);

    expect(requests).toEqual([{ streamId, expectedVersion: 2, events: [expect.objectContaining({ type: ObjectEventType.Updated })] }]);
    expect((requests[0].events[0].data as ObjectEventData).object).toMatchObject({ count: 3, lastTimestamp: '2026-01-01T00:00:02Z' });
  });
});
