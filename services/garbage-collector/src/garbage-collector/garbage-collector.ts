import type { Controller } from '@kronicle/controller-runtime';
import { nothingToDo } from '@kronicle/controller-runtime';
import type { ClusterState, ObjectChange } from '@kronicle/projection';
import { isDeepStrictEqual } from 'node:util';
import { attemptToDelete } from './attempt-to-delete';
import { finishForegroundDeletion } from './foreground';
import { dependentsOf, FOREGROUND, graphIndexes, hasFinalizer, isBeingDeleted, objectByUid, ORPHAN, ownerRefs, streamIdOf } from './graph';
import { orphanDependents } from './orphan';

/**
 * The garbage collector (upstream's pkg/controller/garbagecollector), keyed by object stream:
 * an object that is not being deleted is collected once its owners are gone; an owner being
 * deleted with the `orphan` finalizer releases its dependents; one with `foregroundDeletion`
 * waits for its blocking dependents.
 */
export const garbageCollector: Controller = {
  name: 'garbage-collector',
  indexes: graphIndexes,

  keysFor(change: ObjectChange, state: ClusterState): string[] {
    const { object, previous } = change;
    const keys = new Set<string>();
    if (change.type !== 'DELETED') {
      const refsChanged = !isDeepStrictEqual(ownerRefs(object), ownerRefs(previous));
      if (change.type === 'ADDED' || refsChanged || isBeingDeleted(object)) keys.add(change.streamId);
    }
    // An owner being deleted waits on its dependents: any change of theirs may release it.
    for (const ref of [...ownerRefs(object), ...ownerRefs(previous)]) {
      const owner = objectByUid(state, ref.uid);
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
