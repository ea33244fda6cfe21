import type { Controller } from '@kronicle/controller-runtime';
import { nothingToDo, type PodsWidening } from '@kronicle/controller-runtime';
import { objectStreamId } from '@kronicle/contracts';
import { changeMayHaveField, changeNamespace, type ClusterState, type ObjectChange } from '@kronicle/projection';
import { isDeepStrictEqual } from 'node:util';
import { attemptToDelete } from './attempt-to-delete';
import { classifyOwner } from './classify-owners';
import { finishForegroundDeletion } from './foreground';
import { dependentsOf, FOREGROUND, graphIndexes, hasFinalizer, isBeingDeleted, objectByUid, ORPHAN, ownerRefs, streamIdOf } from './graph';
import { orphanDependents } from './orphan';

/**
 * Whether the changed object's own reconcile may write anything: being deleted, only with a
 * finalizer the collector handles; else, when it appears or its references change, only with an
 * owner that is not solid (upstream's graph builder likewise leaves alone a new object whose owners
 * it knows). A solid owner that later goes or starts deleting wakes its dependents (see keysFor), so
 * skipping the others changes no outcome and spares a reconcile per pod created.
 */
function mayHaveWork(change: ObjectChange, state: ClusterState): boolean {
  const { object, previous } = change;
  if (isBeingDeleted(object)) return hasFinalizer(object, ORPHAN) || hasFinalizer(object, FOREGROUND);
  if (change.type !== 'ADDED' && isDeepStrictEqual(ownerRefs(object), ownerRefs(previous))) return false;
  const item = state.get(change.streamId);
  return item !== undefined && ownerRefs(object).some((ref) => classifyOwner(state, item, ref).kind !== 'solid');
}

/** The pods a changed object names as its owners. */
function ownerPods(change: ObjectChange): PodsWidening | undefined {
  if (change.type === 'DELETED' || !changeMayHaveField(change, 'ownerReferences')) return undefined;
  const namespace = changeNamespace(change);
  const streamIds = ownerRefs(change.object)
    .filter((ref) => ref.apiVersion === 'v1' && ref.kind === 'Pod')
    .map((ref) => objectStreamId({ group: '', resource: 'pods', namespace, name: ref.name }));
  return streamIds.length > 0 ? { streamIds } : undefined;
}

/**
 * The garbage collector (upstream's pkg/controller/garbagecollector), keyed by object stream:
 * an object that is not being deleted is collected once its owners are gone; an owner being
 * deleted with the `orphan` finalizer releases its dependents; one with `foregroundDeletion`
 * waits for its blocking dependents.
 */
export const garbageCollector: Controller = {
  name: 'garbage-collector',
  indexes: graphIndexes,
  // Pods in the ownership graph: those with owners or finalizers (the collector's among them), and those named as owners.
  podsRead: { withFields: ['ownerReferences', 'finalizers'], widenedBy: ownerPods },

  keysFor(change: ObjectChange, state: ClusterState): string[] {
    // Most changes (each pod's status, say) neither have owners nor delete anything: passed over unparsed.
    if (change.type !== 'DELETED' && !changeMayHaveField(change, 'ownerReferences') && !changeMayHaveField(change, 'deletionTimestamp')) return [];
    const { object, previous } = change;
    const keys = new Set<string>();
    if (change.type !== 'DELETED' && mayHaveWork(change, state)) keys.add(change.streamId);
    // An owner being deleted waits on its dependents: any change of theirs may release it.
    for (const uid of new Set([...ownerRefs(object), ...ownerRefs(previous)].map((ref) => ref.uid))) {
      const owner = objectByUid(state, uid);
      if (owner && isBeingDeleted(owner.object)) keys.add(streamIdOf(owner));
    }
    // Dependents of an owner that is gone or going decide their own fate.
    if (change.type === 'DELETED' || isBeingDeleted(object)) {
      for (const dependent of dependentsOf(state, object.metadata.uid ?? '')) keys.add(streamIdOf(dependent));
    }
    return [...keys];
  },

  initialKeys(state: ClusterState): string[] {
    return state
      .all()
      .filter((s) => ownerRefs(s.object).length > 0 || (isBeingDeleted(s.object) && (hasFinalizer(s.object, ORPHAN) || hasFinalizer(s.object, FOREGROUND))))
      .map(streamIdOf);
  },

  reconcile(key: string, state: ClusterState, now: Date) {
    const item = state.get(key);
    if (!item) return nothingToDo;
    if (!isBeingDeleted(item.object)) return { writes: attemptToDelete(state, item, now) };
    // Being deleted is a one-way trip: only the finalizers the collector owns are its business.
    if (hasFinalizer(item.object, ORPHAN)) return { writes: orphanDependents(state, item) };
    if (hasFinalizer(item.object, FOREGROUND)) return { writes: finishForegroundDeletion(state, item) };
    return nothingToDo;
  },
};
