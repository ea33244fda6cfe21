import { describe, expect, it } from 'vitest';
import { objectStreamId, type KubeObject } from '@kronicle/contracts';
import { kubeEvent, type ObjectWrite } from '@kronicle/controller-runtime';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { configMap, namespace, now, TestCluster } from '../test-support';
import { eventTtlController } from './event-ttl-controller';

const TTL_SECONDS = 3600;
const controller = eventTtlController(TTL_SECONDS);
const at = (secondsAfterNow: number) => new Date(now.getTime() + secondsAfterNow * 1000);
const coreKey = (name: string) => objectStreamId({ group: '', resource: 'events', namespace: 'default', name });

function clusterWith(...writes: ObjectWrite[]): TestCluster {
  const c = new TestCluster([]);
  c.write([namespace('default')]);
  c.write([configMap('cm'), ...writes]);
  return c;
}

function coreEvent(c: TestCluster, extra: Partial<KubeObject> = {}): ObjectWrite {
  const write = kubeEvent({ regarding: c.get('configmaps', 'default', 'cm')!, type: 'Normal', reason: 'Tested', message: 'm', component: 'tester', now });
  if (write.kind === 'create') Object.assign(write.object, extra);
  return write;
}

const eventName = (c: TestCluster) => c.names('events', 'default')[0];

describe('event TTL (kube-apiserver --event-ttl)', () => {
  it('keeps an Event until one TTL after it was recorded, then deletes it', () => {
    const c = clusterWith();
    c.write([coreEvent(c)]);
    const key = coreKey(eventName(c));

    expect(controller.reconcile(key, c.state, at(TTL_SECONDS - 1))).toEqual({ writes: [], requeueAfterMs: 1000 });
    expect(controller.reconcile(key, c.state, at(TTL_SECONDS)).writes).toEqual([
      expect.objectContaining({ kind: 'delete', resource: resourceInfo('', 'events'), namespace: 'default', name: eventName(c) }),
    ]);
  });

  it('renews the TTL on every write of the Event, whatever it changes, as upstream renews its lease', () => {
    const c = clusterWith();
    c.write([coreEvent(c)]);
    const name = eventName(c);
    const event = c.get('events', 'default', name)!;
    c.write([{ kind: 'update', resource: resourceInfo('', 'events'), object: { ...event, metadata: { ...event.metadata, labels: { audited: 'yes' } } } }], at(1800));

    expect(controller.reconcile(coreKey(name), c.state, at(TTL_SECONDS))).toEqual({ writes: [], requeueAfterMs: 1_800_000 });
  });

  it('counts from the last time a repeated Event was seen', () => {
    const c = clusterWith();
    c.write([coreEvent(c, { count: 7, lastTimestamp: at(600).toISOString().replace('.000', '') } as Partial<KubeObject>)]);

    expect(controller.reconcile(coreKey(eventName(c)), c.state, at(TTL_SECONDS))).toEqual({ writes: [], requeueAfterMs: 600_000 });
  });

  it('expires events.k8s.io/v1 Events by their series, and asks to look at every Event of both APIs at start', () => {
    const eventsV1: ObjectWrite = {
      kind: 'create',
      resource: resourceInfo('events.k8s.io', 'events'),
      object: {
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        metadata: { name: 'series', namespace: 'default' },
        eventTime: now.toISOString(),
        series: { count: 3, lastObservedTime: at(60).toISOString() },
        reportingController: 'example.com/tester',
        reportingInstance: 'tester-1',
        action: 'Test',
        reason: 'Tested',
        type: 'Normal',
      } as KubeObject,
    };
    const c = clusterWith(eventsV1);
    c.write([coreEvent(c)]);
    const key = objectStreamId({ group: 'events.k8s.io', resource: 'events', namespace: 'default', name: 'series' });

    expect(controller.initialKeys(c.state).sort()).toEqual([coreKey(eventName(c)), key].sort());
    expect(controller.reconcile(key, c.state, at(TTL_SECONDS))).toEqual({ writes: [], requeueAfterMs: 60_000 });
    expect(controller.reconcile(key, c.state, at(TTL_SECONDS + 60)).writes).toHaveLength(1);
  });
});
