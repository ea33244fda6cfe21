import { objectStreamId, type KubeObject, type OwnerReference } from '@kronicle/contracts';
import type { ClusterState, IndexFunction, StoredObject } from '@kronicle/projection';

/** The garbage collector's view of the ownership graph: secondary indexes of its cache. */
const DEPENDENTS = 'gc/dependents-by-owner-uid';
const BY_UID = 'gc/objects-by-uid';
const EVENTS = 'gc/events-by-involved-uid-and-reason';

export const FOREGROUND = 'foregroundDeletion';
export const ORPHAN = 'orphan';

export const graphIndexes: Record<string, IndexFunction> = {
  // Asked of every change: most objects have one owner or none, and need no Set to drop repeats.
  [DEPENDENTS]: (s) => {
    const refs = ownerRefs(s.object);
    return refs.length < 2 ? refs.map((r) => r.uid) : [...new Set(refs.map((r) => r.uid))];
  },
  [BY_UID]: (s) => (s.object.metadata.uid ? [s.object.metadata.uid] : []),
  [EVENTS]: (s) => {
    if (s.group !== '' || s.resource !== 'events') return [];
    const event = s.object as KubeObject & { involvedObject?: { uid?: string }; reason?: string };
    return event.involvedObject?.uid ? [`${event.involvedObject.uid}/${event.reason ?? ''}`] : [];
  },
};

export function ownerRefs(object: KubeObject | undefined): OwnerReference[] {
  return object?.metadata.ownerReferences ?? [];
}

/** Live objects with an ownerReference to this uid, whether or not that owner still exists. */
export function dependentsOf(state: ClusterState, ownerUid: string): StoredObject[] {
  return state.byIndex(DEPENDENTS, ownerUid);
}

export function objectByUid(state: ClusterState, uid: string): StoredObject | undefined {
  return state.byIndex(BY_UID, uid)[0];
}

export function hasEvent(state: ClusterState, involvedUid: string, reason: string): boolean {
  return state.byIndex(EVENTS, `${involvedUid}/${reason}`).length > 0;
}

export function streamIdOf(stored: StoredObject): string {
  const { namespace, name = '' } = stored.object.metadata;
  return objectStreamId({ group: stored.group, resource: stored.resource, namespace, name });
}

export function isBeingDeleted(object: KubeObject): boolean {
  return Boolean(object.metadata.deletionTimestamp);
}

export function hasFinalizer(object: KubeObject, finalizer: string): boolean {
  return object.metadata.finalizers?.includes(finalizer) ?? false;
}

/** Being deleted in the foreground: it waits for its blocking dependents (upstream's isDeletingDependents). */
export function isDeletingDependents(object: KubeObject): boolean {
  return isBeingDeleted(object) && hasFinalizer(object, FOREGROUND);
}
