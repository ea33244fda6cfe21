import { objectStreamId, type KubeObject } from '@kronicle/contracts';
import { KUBE_EVENT_GROUPS, nothingToDo, readsNoPods, type Controller } from '@kronicle/controller-runtime';
import type { ClusterState, ObjectChange, StoredObject } from '@kronicle/projection';
import { deleteObject } from '../object-writes';

/** kube-apiserver's `--event-ttl` default. */
export const DEFAULT_EVENT_TTL_SECONDS = 3600;

const isKubeEvent = (group: string, resource: string) => resource === 'events' && KUBE_EVENT_GROUPS.includes(group);

type KubeEventObject = KubeObject & {
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  deprecatedFirstTimestamp?: string;
  deprecatedLastTimestamp?: string;
  series?: { lastObservedTime?: string };
};

/**
 * When the Event was last recorded: the latest of its last write (upstream renews an Event's lease
 * on every write, whatever it changes) and the times it carries (a repeat moves lastTimestamp, or
 * its series' lastObservedTime, on), or its creation.
 */
function lastRecordedMs(stored: StoredObject): number {
  const e = stored.object as KubeEventObject;
  const times = [stored.writtenAt, e.metadata.creationTimestamp, e.firstTimestamp, e.lastTimestamp, e.eventTime, e.deprecatedFirstTimestamp, e.deprecatedLastTimestamp, e.series?.lastObservedTime];
  return Math.max(...times.map((t) => (t ? Date.parse(t) : NaN)).filter((ms) => !Number.isNaN(ms)), 0);
}

/**
 * Kubernetes Events expire one TTL after they were last recorded, as kube-apiserver's `--event-ttl`
 * does with an etcd lease renewed on every write: without it every Event ever written would stay in
 * each projection. Each Event is looked at again when it is due; an expired one is deleted.
 */
export function eventTtlController(ttlSeconds: number): Controller {
  const ttlMs = ttlSeconds * 1000;
  return {
    name: 'event-ttl-controller',
    podsRead: readsNoPods,
    keysFor: (change: ObjectChange) => (change.type !== 'DELETED' && isKubeEvent(change.group, change.resource) ? [change.streamId] : []),
    initialKeys: (state: ClusterState) =>
      KUBE_EVENT_GROUPS.flatMap((group) =>
        state.list({ group, resource: 'events' }).map(({ object }) => objectStreamId({ group, resource: 'events', namespace: object.metadata.namespace, name: object.metadata.name ?? '' })),
      ),
    reconcile(key: string, state: ClusterState, now: Date) {
      const stored = state.get(key);
      if (!stored) return nothingToDo;
      // Not due before one TTL after its last write: until then the Event is not read (a burst of
      // pods brings one each), only the time of the write.
      const earliestDueInMs = Date.parse(stored.writtenAt ?? '') + ttlMs - now.getTime();
      if (earliestDueInMs > 0) return { writes: [], requeueAfterMs: earliestDueInMs };
      if (stored.object.metadata.deletionTimestamp) return nothingToDo;
      const dueInMs = lastRecordedMs(stored) + ttlMs - now.getTime();
      return dueInMs > 0 ? { writes: [], requeueAfterMs: dueInMs } : { writes: [deleteObject(stored, 'Background')] };
    },
  };
}
