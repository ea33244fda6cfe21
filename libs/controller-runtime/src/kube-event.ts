import { hash } from 'node:crypto';
import type { KubeObject } from '@kronicle/contracts';
import { resourceInfo, rfc3339 } from '@kronicle/object-lifecycle';
import type { ClusterState, StoredObject } from '@kronicle/projection';
import type { KubeEventCorrelation } from './kube-event-correlator';
import type { ObjectWrite } from './object-write';

const eventsResource = resourceInfo('', 'events');

/** API groups of Kubernetes Events, core/v1 and events.k8s.io/v1: upstream one storage, here two resources named `events`. */
export const KUBE_EVENT_GROUPS: readonly string[] = ['', 'events.k8s.io'];

let sequence = Math.floor(Math.random() * 1_000_000);

/**
 * The sub-millisecond part of an event's name: a sequence, not a random draw, so the hundreds of
 * events one reconcile writes at the same instant (a ReplicaSet creating pods) never share a name.
 */
function nextWithinMillisecond(): number {
  sequence = (sequence + 1) % 1_000_000;
  return sequence;
}

export interface KubeEventInput {
  /** The object the event is about (a reference without apiVersion, as the kubelet's to its node, leaves it out). */
  regarding: Pick<KubeObject, 'kind' | 'metadata'> & { apiVersion?: string };
  type: 'Normal' | 'Warning';
  /** Upstream's reason, e.g. `SuccessfulCreate`, `ScalingReplicaSet`, `Scheduled`. */
  reason: string;
  message: string;
  /** The reporting component, e.g. `replicaset-controller`, `default-scheduler`, `kubelet`. */
  component: string;
  /** For kubelet events: the node the component runs on. */
  host?: string;
  /** The part of the object it is about, e.g. a container: `spec.containers{web}`. */
  fieldPath?: string;
  now: Date;
}

/**
 * A core/v1 Event, as upstream's event recorder writes it, so `kubectl describe` and
 * `kubectl get events` show what controllers did. The name follows upstream: `<object>.<hex nanos>`.
 * It is always a create; when the controller's cache already holds the same event, planning the
 * write turns it into a count on that one (see `correlateKubeEvents`).
 */
export function kubeEvent(input: KubeEventInput): ObjectWrite {
  const { regarding, now } = input;
  const time = rfc3339(now);
  const nanos = (BigInt(now.getTime()) * 1_000_000n + BigInt(nextWithinMillisecond())).toString(16);
  return {
    kind: 'create',
    resource: eventsResource,
    object: {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${regarding.metadata.name}.${nanos}`, namespace: regarding.metadata.namespace ?? 'default' },
      involvedObject: {
        apiVersion: regarding.apiVersion,
        kind: regarding.kind,
        name: regarding.metadata.name,
        namespace: regarding.metadata.namespace,
        uid: regarding.metadata.uid,
        resourceVersion: regarding.metadata.resourceVersion,
        ...(input.fieldPath ? { fieldPath: input.fieldPath } : {}),
      },
      reason: input.reason,
      message: input.message,
      type: input.type,
      source: { component: input.component, ...(input.host ? { host: input.host } : {}) },
      firstTimestamp: time,
      lastTimestamp: time,
      count: 1,
      reportingComponent: input.component,
      reportingInstance: input.host ?? '',
    },
  };
}

interface CoreEvent extends KubeObject {
  involvedObject?: { apiVersion?: string; kind?: string; name?: string; namespace?: string; uid?: string; fieldPath?: string };
  source?: { component?: string; host?: string };
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string;
  reportingComponent?: string;
  reportingInstance?: string;
}

/** Upstream's EventAggregatorByReasonMessageFunc: the message of an Event that stands for similar ones. */
const COMBINED = '(combined from similar events): ';

/**
 * Upstream's `getEventKey` (client-go tools/record/events_cache.go): two events with the same
 * source, involved object (uid included, so a re-created pod of the same name starts afresh), type,
 * reason and message are one occurrence seen again. The involved object's resourceVersion is not
 * part of it. The Event's own namespace is, as a recorder writes only in the object's namespace.
 * A combined Event counts whatever its latest message: upstream keys it by the aggregate key.
 */
export function kubeEventKey(event: KubeObject): string {
  const e = event as CoreEvent;
  const o = e.involvedObject ?? {};
  const message = e.message ?? '';
  return JSON.stringify([
    e.metadata.namespace ?? '',
    e.source?.component ?? '',
    e.source?.host ?? '',
    o.kind ?? '',
    o.namespace ?? '',
    o.name ?? '',
    o.fieldPath ?? '',
    o.uid ?? '',
    o.apiVersion ?? '',
    e.type ?? '',
    e.reason ?? '',
    message.startsWith(COMBINED) ? COMBINED : message,
  ]);
}

/** Upstream's `getSpamKey` (v1.32): source, involved object, type and reason share one token bucket. */
function spamKey(e: CoreEvent): string {
  const o = e.involvedObject ?? {};
  return JSON.stringify([e.source?.component ?? '', e.source?.host ?? '', o.kind ?? '', o.namespace ?? '', o.name ?? '', o.uid ?? '', o.apiVersion ?? '', e.type ?? '', e.reason ?? '']);
}

/** Upstream's EventAggregatorByReasonFunc: the spam key's fields and the reporting controller and instance; the message varies. */
const aggregateKey = (e: CoreEvent): string => JSON.stringify([spamKey(e), e.reportingComponent ?? '', e.reportingInstance ?? '']);

/**
 * The cache index of core/v1 Events by a digest of `kubeEventKey` (a few bytes per Event rather than
 * its whole message), added to a controller's cache on first use.
 */
export const KUBE_EVENT_INDEX = 'kube-events-by-key';
const digest = (key: string) => hash('sha1', key, 'base64');
const indexKubeEvent = (s: StoredObject): string[] => (s.group === '' && s.resource === 'events' ? [digest(kubeEventKey(s.object))] : []);
const indexed = new WeakSet<ClusterState>();

function cachedEvent(state: ClusterState, key: string): CoreEvent | undefined {
  if (!indexed.has(state)) {
    state.addIndex(KUBE_EVENT_INDEX, indexKubeEvent);
    indexed.add(state);
  }
  const matches = state.byIndex(KUBE_EVENT_INDEX, digest(key)).filter((s) => kubeEventKey(s.object) === key);
  if (matches.length === 0) return undefined;
  // Several can match (written before events were counted, or by concurrent writers): count on the latest.
  return matches.reduce((a, b) => (b.position > a.position ? b : a)).object as CoreEvent;
}

const isEventCreate = (write: ObjectWrite): write is Extract<ObjectWrite, { kind: 'create' }> =>
  write.kind === 'create' && write.resource.group === '' && write.resource.resource === 'events';

/** The same event seen once more (and `dropped` times unwritten): count up, the new lastTimestamp and message; name and firstTimestamp stay. */
function seenAgain(event: CoreEvent, now: CoreEvent, dropped: number): CoreEvent {
  return { ...event, count: (event.count ?? 1) + 1 + dropped, lastTimestamp: now.lastTimestamp, message: now.message };
}

/**
 * Upstream's EventCorrelator, deciding each new core/v1 Event among the writes in turn:
 * - with `correlation` (the process's recorder memory, see KubeEventCorrelator): the 10th distinct
 *   message of similar events (same source, object, type and reason) within 10 minutes, and every
 *   later one, is written as one Event "(combined from similar events): <message>"; then an event
 *   whose source, object, type and reason have no token left (a burst of 25, one more per 5 minutes)
 *   is dropped, its occurrence counted on the next one written;
 * - an event whose key (`kubeEventKey`) matches an Event the cache holds becomes an update of that
 *   Event (count + 1, lastTimestamp now) — `kubectl describe` then shows "(x3 over 2m)" rather than
 *   three lines. Matching Events among the writes themselves are folded the same way into the first.
 * Pure given the cache and the correlation's state; other writes pass unchanged and keep their
 * order. The update states the cached version, so two writers counting the same Event at once
 * cannot both win.
 */
export function correlateKubeEvents(writes: ObjectWrite[], state: ClusterState, correlation?: KubeEventCorrelation): ObjectWrite[] {
  if (!writes.some(isEventCreate)) return writes;
  const out: ObjectWrite[] = [];
  // Key → index in `out` of the write that carries that event in this plan.
  const carried = new Map<string, number>();
  for (const write of writes) {
    if (!isEventCreate(write)) {
      out.push(write);
      continue;
    }
    let event = write.object as CoreEvent;
    if (correlation) {
      if (correlation.aggregate(aggregateKey(event), event.message ?? '')) event = { ...event, message: COMBINED + (event.message ?? '') };
      if (!correlation.allow(spamKey(event))) {
        correlation.dropped(kubeEventKey(event));
        continue;
      }
    }
    const key = kubeEventKey(event);
    const dropped = correlation?.takeDropped(key) ?? 0;
    const earlier = carried.get(key);
    if (earlier !== undefined) {
      const previous = out[earlier] as Extract<ObjectWrite, { kind: 'create' | 'update' }>;
      out[earlier] = { ...previous, object: seenAgain(previous.object as CoreEvent, event, dropped) };
      continue;
    }
    const cached = cachedEvent(state, key);
    carried.set(key, out.length);
    if (cached) out.push({ kind: 'update', resource: write.resource, object: seenAgain(cached, event, dropped) });
    else out.push({ ...write, object: dropped > 0 ? { ...event, count: 1 + dropped } : event });
  }
  return out;
}
