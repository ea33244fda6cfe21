import { objectStreamId, ObjectEventType, type EventMetadata, type KubeObject } from '@kronicle/contracts';
import type { AppendRequest } from '@kronicle/event-store';
import {
  addressConfigFromEnv,
  companionAppends,
  decideBinding,
  decideCreate,
  decideDelete,
  decideUpdate,
  objectEvent,
  podAdmissionSourcesIn,
  resourceInfo,
  type AddressConfig,
  type AddressContext,
  type ResourceInfo,
  type WriteContext,
} from '@kronicle/object-lifecycle';
import type { ClusterState, StoredObject } from '@kronicle/projection';
import { correlateKubeEvents, KUBE_EVENT_GROUPS } from './kube-event';
import type { KubeEventCorrelation } from './kube-event-correlator';
import type { ObjectWrite } from './object-write';

/**
 * Stream whose version every bind fenced by this scheduler expects; it records which pods were bound
 * where. One per scheduler, not per node: a reconcile's binds then add one event to the log, not one
 * per node they touch, and a scheduler on a stale view loses any race, not only one for the same node.
 */
export function bindFenceStreamId(scheduler: string): string {
  return `fence/binds/${scheduler}`;
}

/** The event appended to a scheduler's bind fence with each reconcile's fenced binds. */
export const PodsBound = 'PodsBound';

/** Data of a PodsBound event: `namespace/name` of the pods bound, per node. */
export interface PodsBoundData {
  scheduler: string;
  nodes: Record<string, string[]>;
}

const podsResource = resourceInfo('', 'pods');

// A process's environment does not change: read once, not on every plan (reading it is a slow call into the runtime).
let processAddressConfig: AddressConfig | undefined;

/**
 * Turns a reconcile's writes into appends, deciding each as the API would (identity, defaults,
 * validation, deletion rules) against the controller's cache. Pure: the same state, writes (and
 * state of `kubeEvents`) give the same appends. Throws an ApiError for a write the API would refuse.
 * A new core/v1 Event that repeats one the cache holds becomes a count on it; with `kubeEvents`, the
 * process's recorder memory, similar events are combined and spam dropped (`correlateKubeEvents`).
 */
export function planWrites(writes: ObjectWrite[], state: ClusterState, ctx: WriteContext, metadata: EventMetadata, kubeEvents?: KubeEventCorrelation): AppendRequest[] {
  // Several writes to one object in one reconcile are chained on the same stream, each decided
  // against the object as the previous one left it.
  const pending = new Map<string, { request: AppendRequest; object?: KubeObject }>();
  const currentOf = (streamId: string): StoredObject | undefined => {
    const stored = state.get(streamId);
    const written = pending.get(streamId)?.object;
    if (!written) return stored;
    return { group: stored?.group ?? '', resource: stored?.resource ?? '', position: stored?.position ?? 0, streamVersion: state.streamVersion(streamId), object: written };
  };
  const streamOf = (resource: ResourceInfo, namespace: string | undefined, name: string) =>
    objectStreamId({ group: resource.group, resource: resource.resource, namespace: resource.namespaced ? namespace : undefined, name });
  const add = (streamId: string, expectedVersion: number, event: AppendRequest['events'][number], object?: KubeObject) => {
    const existing = pending.get(streamId);
    if (existing) {
      existing.request.events.push(event);
      existing.object = object ?? existing.object;
    } else pending.set(streamId, { request: { streamId, expectedVersion, events: [event] }, object });
  };

  const addresses: AddressContext = { config: (processAddressConfig ??= addressConfigFromEnv()), liveServices: () => state.list({ group: '', resource: 'services' }).map((s) => s.object) };
  const withCompanions = (resource: ResourceInfo, before: KubeObject | undefined, after: KubeObject | undefined) => {
    for (const companion of companionAppends(resource, before, after, (id) => state.streamVersion(id), metadata)) {
      for (const event of companion.events) add(companion.streamId, companion.expectedVersion, event);
    }
  };

  // Fence events go last: a reader that has seen a fence has seen every bind appended with it.
  const fences = new Map<string, AppendRequest>();
  const fence = (scheduler: string, nodeName: string, pod: string) => {
    let request = fences.get(scheduler);
    if (!request) {
      const streamId = bindFenceStreamId(scheduler);
      const data: PodsBoundData = { scheduler, nodes: {} };
      request = { streamId, expectedVersion: state.streamVersion(streamId), events: [{ type: PodsBound, data, metadata }] };
      fences.set(scheduler, request);
    }
    ((request.events[0].data as PodsBoundData).nodes[nodeName] ??= []).push(pod);
  };
  // An Event the cache already holds is counted again rather than created anew, as upstream's recorder does.
  for (const write of correlateKubeEvents(writes, state, kubeEvents)) {
    if (write.kind === 'bind') {
      const streamId = streamOf(podsResource, write.namespace, write.name);
      const current = currentOf(streamId);
      if (!current) continue;
      const bound = decideBinding(current, { target: { name: write.nodeName }, metadata: { annotations: write.annotations } }, ctx.now);
      add(streamId, current.streamVersion, objectEvent(ObjectEventType.Updated, podsResource, bound, metadata, { subresource: 'binding' }), bound);
      if (write.fence) fence(write.fence, write.nodeName, `${write.namespace}/${write.name}`);
      continue;
    }
    const { resource } = write;
    if (write.kind === 'expect') {
      const streamId = streamOf(resource, write.namespace, write.name);
      // A write to the stream in this plan expects the same version already.
      if (!pending.has(streamId)) pending.set(streamId, { request: { streamId, expectedVersion: state.streamVersion(streamId), events: [] } });
    } else if (write.kind === 'create') {
      const namespace = write.object.metadata.namespace;
      const namespaceObject = resource.namespaced ? state.get(objectStreamId({ group: '', resource: 'namespaces', name: namespace ?? '' })) : undefined;
      // Upstream's recorder posts an Event apart from the writes it explains, and the API refuses one
      // in a namespace being deleted: it is dropped, and they go on.
      if (isKubeEventResource(resource) && namespaceObject?.object.metadata.deletionTimestamp) continue;
      const object = decideCreate(
        {
          info: resource,
          namespace,
          body: write.object,
          // An object created earlier in this same plan exists too.
          existing: write.object.metadata.name ? currentOf(streamOf(resource, namespace, write.object.metadata.name)) : undefined,
          namespaceObject,
          addresses,
          ...podAdmissionSourcesIn(state),
        },
        ctx,
      );
      const streamId = streamOf(resource, namespace, object.metadata.name ?? '');
      add(streamId, state.streamVersion(streamId), objectEvent(ObjectEventType.Created, resource, object, metadata), object);
      withCompanions(resource, undefined, object);
    } else if (write.kind === 'update') {
      const { namespace, name = '' } = write.object.metadata;
      const streamId = streamOf(resource, namespace, name);
      const current = currentOf(streamId);
      if (!current) continue; // gone meanwhile: the next reconcile sees it
      const decision = decideUpdate({ info: resource, subresource: write.subresource, namespace, name, body: write.object, current, now: ctx.now, addresses });
      if (decision.kind === 'unchanged') continue;
      const type = decision.kind === 'delete' ? ObjectEventType.Deleted : ObjectEventType.Updated;
      add(streamId, current.streamVersion, objectEvent(type, resource, decision.object, metadata, write.subresource ? { subresource: write.subresource } : {}), decision.object);
      withCompanions(resource, current.object, decision.kind === 'delete' ? undefined : decision.object);
    } else {
      const streamId = streamOf(resource, write.namespace, write.name);
      const current = currentOf(streamId);
      if (!current) continue;
      const decision = decideDelete(resource, current, write.options ?? {}, ctx.now);
      if (decision.kind === 'unchanged') continue;
      const type = decision.kind === 'delete' ? ObjectEventType.Deleted : ObjectEventType.Updated;
      add(streamId, current.streamVersion, objectEvent(type, resource, decision.object, metadata, { propagationPolicy: decision.propagationPolicy }), decision.object);
      withCompanions(resource, current.object, decision.kind === 'delete' ? undefined : decision.object);
    }
  }
  const requests = [...[...pending.values()].map((p) => p.request), ...fences.values()];
  // Expectations alone write nothing: no append at all.
  return requests.some((r) => r.events.length > 0) ? requests : [];
}

const isKubeEventResource = (resource: ResourceInfo) => resource.resource === 'events' && KUBE_EVENT_GROUPS.includes(resource.group);
