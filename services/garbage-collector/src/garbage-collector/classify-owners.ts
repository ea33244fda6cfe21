import type { OwnerReference } from '@kronicle/contracts';
import { resourceTypes } from '@kronicle/kube-resources';
import type { ClusterState, StoredObject } from '@kronicle/projection';
import { objectStreamId } from '@kronicle/contracts';
import { isDeletingDependents, objectByUid } from './graph';

/**
 * What an ownerReference points at, as upstream's classifyReferences sees it:
 * - solid: the owner exists (same uid) and is not being deleted in the foreground;
 * - waiting: the owner exists and is being deleted in the foreground, waiting for its dependents;
 * - dangling: no object of that kind and name, or one with another uid (a new object with the old name is not the owner).
 *   `elsewhere` is set when the uid lives in another namespace: a namespaced owner is only looked for in the dependent's;
 * - invalid: a cluster-scoped dependent naming a namespaced kind; upstream never resolves it, so the dependent is never collected;
 * - unknown: a kind the API does not serve; upstream retries the lookup forever, so the dependent is never collected.
 */
export type OwnerState =
  | { kind: 'solid' | 'waiting'; ref: OwnerReference; owner: StoredObject }
  | { kind: 'dangling'; ref: OwnerReference; elsewhere?: StoredObject }
  | { kind: 'invalid' | 'unknown'; ref: OwnerReference };

export function classifyOwner(state: ClusterState, dependent: StoredObject, ref: OwnerReference): OwnerState {
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
  const type = resourceTypes.find((r) => r.group === group && r.kind === ref.kind);
  if (!type) return { kind: 'unknown', ref };
  const dependentNamespace = dependent.object.metadata.namespace;
  if (type.namespaced && !dependentNamespace) return { kind: 'invalid', ref };

  const namespace = type.namespaced ? dependentNamespace : undefined;
  const owner = state.get(objectStreamId({ group, resource: type.resource, namespace, name: ref.name }));
  if (!owner || owner.object.metadata.uid !== ref.uid) {
    const elsewhere = type.namespaced ? objectByUid(state, ref.uid) : undefined;
    return elsewhere && elsewhere.object.metadata.namespace !== namespace ? { kind: 'dangling', ref, elsewhere } : { kind: 'dangling', ref };
  }
  return { kind: isDeletingDependents(owner.object) ? 'waiting' : 'solid', ref, owner };
}
