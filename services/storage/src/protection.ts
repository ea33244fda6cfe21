import type { KubeObject } from '@kronicle/contracts';
import type { ObjectWrite, ReconcileResult } from '@kronicle/controller-runtime';
import type { ClusterState, StoredObject } from '@kronicle/projection';
import { podClaimNames, podUsesClaim, pvcProtectionFinalizer, pvProtectionFinalizer, type Pod } from '@kronicle/storage';
import { getClaim, getVolume, update } from './resources';

/** Cache index: pods by `<namespace>/<claim name>` of every claim they use. */
export const PODS_BY_CLAIM = 'pods-by-claim';
export const podsByClaim = (stored: StoredObject): string[] =>
  stored.group === '' && stored.resource === 'pods' ? podClaimNames(stored.object as Pod).map((c) => `${stored.object.metadata.namespace}/${c}`) : [];

/**
 * Upstream's pvc-protection controller: every live claim carries `kubernetes.io/pvc-protection`
 * (added here right after creation, as upstream's controller does for claims its admission plugin
 * missed); a claim being deleted loses it only once no scheduled, running pod uses it.
 */
export function protectClaim(namespace: string, name: string, state: ClusterState): ReconcileResult {
  const claim = getClaim(state, namespace, name);
  if (!claim) return { writes: [] };
  const inUse = () => state.byIndex(PODS_BY_CLAIM, `${namespace}/${name}`).some((s) => podUsesClaim(s.object as Pod, name));
  return { writes: protect(claim, pvcProtectionFinalizer, inUse) };
}

/** Upstream's pv-protection controller: a volume being deleted keeps its finalizer while it is Bound. */
export function protectVolume(name: string, state: ClusterState): ReconcileResult {
  const volume = getVolume(state, name);
  if (!volume) return { writes: [] };
  return { writes: protect(volume, pvProtectionFinalizer, () => volume.status?.phase === 'Bound') };
}

function protect(object: KubeObject, finalizer: string, inUse: () => boolean): ObjectWrite[] {
  const finalizers = object.metadata.finalizers ?? [];
  const has = finalizers.includes(finalizer);
  if (!object.metadata.deletionTimestamp) return has ? [] : [update({ ...object, metadata: { ...object.metadata, finalizers: [...finalizers, finalizer] } })];
  if (!has || inUse()) return [];
  return [update({ ...object, metadata: { ...object.metadata, finalizers: finalizers.filter((f) => f !== finalizer) } })];
}
