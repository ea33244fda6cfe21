import type { ObjectWrite } from '@kronicle/controller-runtime';
import type { ClusterState, StoredObject } from '@kronicle/projection';
import { dependentsOf, ORPHAN } from './graph';
import { withoutFinalizer, withOwnerRefs } from '../object-writes';

/**
 * Upstream's attemptToOrphan: every dependent loses its reference to the owner, then the owner its
 * `orphan` finalizer. Here both are one append, so no dependent is ever left pointing at an owner
 * that is gone (which would make it garbage).
 */
export function orphanDependents(state: ClusterState, owner: StoredObject): ObjectWrite[] {
  const uid = owner.object.metadata.uid ?? '';
  const released = dependentsOf(state, uid).map((d) => withOwnerRefs(d, (refs) => refs.filter((r) => r.uid !== uid)));
  return [...released, withoutFinalizer(owner, ORPHAN)];
}
