import { isObjectEventType, objectStreamPrefix } from '@kronicle/contracts';
import type { EventMeta } from '@kronicle/messaging';
import { AddressEventType } from '@kronicle/object-lifecycle';
import type { ObjectChange } from '@kronicle/projection';
import { KUBE_EVENT_GROUPS } from './kube-event';

/**
 * What a controller reads of the log beyond object changes, so that its process's cache can pass
 * over the rest unparsed. A controller that declares none is given the whole log.
 */
export interface LogInterest {
  /**
   * Kubernetes Events (core/v1 and events.k8s.io/v1) it reads: `all`, or `own`, those the process's
   * controllers wrote — all that counting repeats of its own Events needs (`correlateKubeEvents`, as
   * upstream's EventCorrelator, which lives in each process's recorder).
   */
  kubeEvents: 'all' | 'own';
  /**
   * Types of non-object events whose stream versions its writes expect, e.g. `PodsBoundToNode` for
   * fenced binds. Address claims are always kept: any write of a Service expects theirs.
   */
  eventTypes?: readonly string[];
}

/** Which events a cache takes, judged from headers alone (subscribeToLog's `filter`). */
export interface CacheFilter {
  /** Must be asked in log order. */
  keep(meta: EventMeta): boolean;
  /** Every change the cache applied. */
  applied(change: ObjectChange): void;
}

/** The actor of a controller's appends. */
export function controllerActor(name: string): string {
  return `service:${name}`;
}

const kubeEventStreamPrefixes = KUBE_EVENT_GROUPS.map((group) => objectStreamPrefix({ group, resource: 'events' }));
const isKubeEventStream = (streamId: string) => kubeEventStreamPrefixes.some((prefix) => streamId.startsWith(prefix));

/**
 * The filter of a cache that these controllers share; undefined (take everything) unless each has
 * declared its interest. Object changes are kept, except other writers' Kubernetes Events when no
 * controller reads them all; non-object events only when of an address claim or of a declared type.
 * A process always keeps its own appends, and an event whose actor is unknown (published without the header).
 */
export function cacheFilter(controllers: readonly { name: string; logInterest?: LogInterest }[]): CacheFilter | undefined {
  const interests = controllers.map((c) => c.logInterest);
  if (!interests.every((i) => i !== undefined)) return undefined;
  const own = new Set(controllers.map((c) => controllerActor(c.name)));
  const allKubeEvents = interests.some((i) => i.kubeEvents === 'all');
  const types = new Set<string>([AddressEventType.Claimed, AddressEventType.Released, ...interests.flatMap((i) => i.eventTypes ?? [])]);
  // Event streams the process wrote, followed while the cache holds them: another writer's count or
  // deletion must reach the cache, or the next count would expect a version the stream has left.
  const followed = new Set<string>();
  return {
    keep({ type, streamId, actor }) {
      const mine = actor === '' || own.has(actor);
      if (!isObjectEventType(type)) return mine || types.has(type);
      if (allKubeEvents || !isKubeEventStream(streamId)) return true;
      if (mine) followed.add(streamId);
      return followed.has(streamId);
    },
    applied(change) {
      if (change.type === 'DELETED') followed.delete(change.streamId);
    },
  };
}
