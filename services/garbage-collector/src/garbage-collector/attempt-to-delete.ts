import type { ObjectWrite } from '@kronicle/controller-runtime';
import { kubeEvent } from '@kronicle/controller-runtime';
import type { ClusterState, StoredObject } from '@kronicle/projection';
import { classifyOwner, type OwnerState } from './classify-owners';
import { dependentsOf, FOREGROUND, hasEvent, hasFinalizer, isDeletingDependents, ORPHAN } from './graph';
import { canRecordEventIn, deleteObject, withOwnerRefs } from '../object-writes';

const INVALID_NAMESPACE = 'OwnerRefInvalidNamespace';

/**
 * Upstream's attemptToDeleteItem for an object that is not being deleted: an object whose owners
 * are all gone is deleted; one with a live owner only loses its references to owners that are gone
 * or waiting for their dependents to go (else a foreground owner would wait for it forever).
 *
 * Example: a ConfigMap owned by A (live) and B (deleted): its reference to B is removed, it stays.
 * Owned only by B: it is deleted, in the background, or in the foreground when B is being deleted
 * in the foreground and the ConfigMap has dependents of its own (so B waits for the whole subtree).
 */
export function attemptToDelete(state: ClusterState, item: StoredObject, now: Date): ObjectWrite[] {
  const refs = item.object.metadata.ownerReferences ?? [];
  if (refs.length === 0) return [];
  const owners = refs.map((ref) => classifyOwner(state, item, ref));
  const events = invalidNamespaceEvents(state, item, owners, now);
  // Upstream's lookup fails for these and the object is left alone.
  if (owners.some((o) => o.kind === 'invalid' || o.kind === 'unknown')) return events;

  const solid = owners.filter((o) => o.kind === 'solid');
  const gone = new Set(owners.filter((o) => o.kind === 'dangling' || o.kind === 'waiting').map((o) => o.ref.uid));
  if (solid.length > 0) {
    return gone.size === 0 ? events : [...events, withOwnerRefs(item, (refs) => refs.filter((r) => !gone.has(r.uid)))];
  }

  const uid = item.object.metadata.uid ?? '';
  const dependents = dependentsOf(state, uid);
  if (owners.some((o) => o.kind === 'waiting') && dependents.length > 0) {
    // A dependent also deleting its dependents could be waiting on this object: a cycle. Upstream
    // breaks it by making this object's references non-blocking before deleting it in the foreground.
    const blocking = refs.some((r) => r.blockOwnerDeletion);
    if (blocking && dependents.some((d) => isDeletingDependents(d.object))) {
      return [...events, withOwnerRefs(item, (refs) => refs.map((r) => ({ ...r, blockOwnerDeletion: false })))];
    }
    return [...events, deleteObject(item, 'Foreground')];
  }
  // No owner left: the object's own finalizers say how its dependents go.
  const policy = hasFinalizer(item.object, ORPHAN) ? 'Orphan' : hasFinalizer(item.object, FOREGROUND) ? 'Foreground' : 'Background';
  return [...events, deleteObject(item, policy)];
}

/**
 * Upstream warns once it sees a reference that cannot hold across namespaces: a cluster-scoped
 * object naming a namespaced owner, or a namespaced owner whose uid lives in another namespace.
 */
function invalidNamespaceEvents(state: ClusterState, item: StoredObject, owners: OwnerState[], now: Date): ObjectWrite[] {
  const uid = item.object.metadata.uid ?? '';
  const namespace = item.object.metadata.namespace ?? '';
  const invalid = owners.filter((o) => o.kind === 'invalid' || (o.kind === 'dangling' && o.elsewhere));
  if (invalid.length === 0 || hasEvent(state, uid, INVALID_NAMESPACE) || !canRecordEventIn(state, namespace || 'default')) return [];
  return invalid.map(({ ref }) =>
    kubeEvent({
      regarding: item.object,
      type: 'Warning',
      reason: INVALID_NAMESPACE,
      message: `ownerRef [${ref.apiVersion}/${ref.kind}, namespace: ${namespace}, name: ${ref.name}, uid: ${ref.uid}] does not exist in namespace "${namespace}"`,
      component: 'garbage-collector-controller',
      now,
    }),
  );
}
