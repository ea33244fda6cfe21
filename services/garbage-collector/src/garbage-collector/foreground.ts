import type { ObjectWrite } from '@kronicle/controller-runtime';
import type { ClusterState, StoredObject } from '@kronicle/projection';
import { dependentsOf, FOREGROUND } from './graph';
import { withoutFinalizer } from '../object-writes';

/**
 * Upstream's processDeletingDependentsItem: an owner deleted in the foreground keeps its
 * `foregroundDeletion` finalizer while a dependent still references it with blockOwnerDeletion;
 * then the finalizer goes (and with the last finalizer, the owner). Its dependents are deleted by
 * their own reconcile (attemptToDelete sees the owner waiting); non-blocking ones are not waited for.
 */
export function finishForegroundDeletion(state: ClusterState, owner: StoredObject): ObjectWrite[] {
  const uid = owner.object.metadata.uid ?? '';
  const blocking = dependentsOf(state, uid).some((d) => (d.object.metadata.ownerReferences ?? []).some((r) => r.uid === uid && r.blockOwnerDeletion));
  return blocking ? [] : [withoutFinalizer(owner, FOREGROUND)];
}
