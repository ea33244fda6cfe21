import { describe, expect, it } from 'vitest';
import { objectStreamId, ObjectEventType } from '@kronicle/contracts';
import type { EventMeta } from '@kronicle/messaging';
import { AddressEventType } from '@kronicle/object-lifecycle';
import type { ObjectChange } from '@kronicle/projection';
import { cacheFilter, controllerActor, type LogInterest } from './log-interest';
import { PodsBound, bindFenceStreamId } from './plan-writes';

const own = { kubeEvents: 'own' } as const satisfies LogInterest;
const coreEvent = objectStreamId({ group: '', resource: 'events', namespace: 'default', name: 'web.17f3' });
const v1Event = objectStreamId({ group: 'events.k8s.io', resource: 'events', namespace: 'default', name: 'web.17f4' });
const pod = objectStreamId({ group: '', resource: 'pods', namespace: 'default', name: 'web' });

let position = 0;
const meta = (streamId: string, actor: string, type: string = ObjectEventType.Created): EventMeta => ({ position: ++position, type, streamId, actor });
const deleted = (streamId: string) => ({ type: 'DELETED', streamId }) as ObjectChange;

describe('cacheFilter', () => {
  it('takes everything while one of the controllers on the cache has not declared what it reads', () => {
    expect(cacheFilter([{ name: 'a', logInterest: own }, { name: 'b' }])).toBeUndefined();
  });

  it('keeps other writers’ object changes but only its own Kubernetes Events, of both API groups', () => {
    const filter = cacheFilter([{ name: 'scheduler', logInterest: own }])!;
    expect(filter.keep(meta(pod, 'user:alice'))).toBe(true);
    expect(filter.keep(meta(coreEvent, 'service:node-agent'))).toBe(false);
    expect(filter.keep(meta(v1Event, 'user:alice'))).toBe(false);
    expect(filter.keep(meta(coreEvent, controllerActor('scheduler')))).toBe(true);
  });

  it('keeps the Events of every controller sharing the cache', () => {
    const filter = cacheFilter([
      { name: 'replicaset-controller', logInterest: own },
      { name: 'deployment-controller', logInterest: own },
    ])!;
    expect(filter.keep(meta(coreEvent, controllerActor('replicaset-controller')))).toBe(true);
    expect(filter.keep(meta(v1Event, controllerActor('deployment-controller')))).toBe(true);
  });

  it('follows its own Events whoever changes them next, until the cache has dropped them', () => {
    const filter = cacheFilter([{ name: 'scheduler', logInterest: own }])!;
    filter.keep(meta(coreEvent, controllerActor('scheduler')));
    expect(filter.keep(meta(coreEvent, 'user:alice', ObjectEventType.Updated))).toBe(true);
    expect(filter.keep(meta(coreEvent, 'service:namespace-controller', ObjectEventType.Deleted))).toBe(true);
    filter.applied(deleted(coreEvent));
    expect(filter.keep(meta(coreEvent, 'user:alice'))).toBe(false);
  });

  it('keeps every Kubernetes Event when one controller on the cache reads them all', () => {
    const filter = cacheFilter([
      { name: 'garbage-collector', logInterest: own },
      { name: 'namespace-controller', logInterest: { kubeEvents: 'all' } },
    ])!;
    expect(filter.keep(meta(coreEvent, 'service:scheduler'))).toBe(true);
    expect(filter.keep(meta(v1Event, 'user:alice'))).toBe(true);
  });

  it('keeps non-object events of the declared types, of address claims and of its own', () => {
    const fence = bindFenceStreamId('default-scheduler');
    const scheduler = cacheFilter([{ name: 'scheduler', logInterest: { kubeEvents: 'own', eventTypes: [PodsBound] } }])!;
    const storage = cacheFilter([{ name: 'storage', logInterest: own }])!;
    expect(scheduler.keep(meta(fence, 'service:other-scheduler', PodsBound))).toBe(true);
    expect(storage.keep(meta(fence, 'service:scheduler', PodsBound))).toBe(false);
    expect(storage.keep(meta('alloc/clusterip/10.96.0.10', 'user:alice', AddressEventType.Claimed))).toBe(true);
    expect(storage.keep(meta('alloc/clusterip/10.96.0.10', 'service:garbage-collector', AddressEventType.Released))).toBe(true);
    expect(storage.keep(meta('fence/volumes/pv-1', controllerActor('storage'), 'VolumesFenced'))).toBe(true);
  });

  it('keeps an event whose actor is unknown (published before the actor header existed)', () => {
    const filter = cacheFilter([{ name: 'storage', logInterest: own }])!;
    expect(filter.keep(meta(coreEvent, ''))).toBe(true);
    expect(filter.keep(meta(bindFenceStreamId('default-scheduler'), '', PodsBound))).toBe(true);
  });
});
