import type { ObjectWrite, ReconcileResult } from '@kronicle/controller-runtime';
import type { ClusterState } from '@kronicle/projection';
import { annBoundByController, annDynamicallyProvisioned, type PersistentVolume } from '@kronicle/storage';
import { PV_CONTROLLER } from './sync-claim';
import { recordOnce } from './record-once';
import { getClaim, getVolume, pvs, update, withPhase } from './resources';

/**
 * Upstream's `syncVolume`: a volume without a claim is Available; one whose claim is bound to it is
 * Bound; one whose claim is gone is Released and then reclaimed by its policy (Retain keeps it,
 * Delete removes it — the simulated storage has nothing else to free, Recycle is not supported).
 */
export function syncVolume(name: string, state: ClusterState, now: Date): ReconcileResult {
  const volume = getVolume(state, name);
  if (!volume || volume.metadata.deletionTimestamp) return { writes: [] };
  const ref = volume.spec.claimRef;
  // No claim, or pre-bound by the user to a claim not bound yet: waiting for a claim.
  if (!ref || !ref.uid) return { writes: withPhase(volume, 'Available') };
  const claim = getClaim(state, ref.namespace ?? '', ref.name ?? '');
  if (!claim || claim.metadata.uid !== ref.uid) return { writes: release(volume, state, now) };
  // Claim not bound yet: its sync finishes the binding.
  if (!claim.spec.volumeName) return { writes: [] };
  if (claim.spec.volumeName === volume.metadata.name) return { writes: withPhase(volume, 'Bound') };
  // The claim went to another volume.
  if (volume.metadata.annotations?.[annDynamicallyProvisioned] && volume.spec.persistentVolumeReclaimPolicy === 'Delete') return { writes: release(volume, state, now) };
  return { writes: unbind(volume) };
}

function release(volume: PersistentVolume, state: ClusterState, now: Date): ObjectWrite[] {
  const phase = volume.status?.phase;
  if (phase !== 'Released' && phase !== 'Failed') return withPhase(volume, 'Released');
  switch (volume.spec.persistentVolumeReclaimPolicy) {
    case 'Delete':
      return [{ kind: 'delete', resource: pvs, name: volume.metadata.name! }];
    case 'Recycle':
      return [
        ...withPhase(volume, 'Failed', { message: 'Recycle policy is not supported' }),
        ...recordOnce(state, volume, { type: 'Warning', reason: 'VolumeFailedRecycle', message: 'Recycle policy is not supported', component: PV_CONTROLLER }, now),
      ];
    default:
      return []; // Retain: the administrator decides.
  }
}

/** Upstream `unbindVolume`: a volume the controller bound is freed; one the user pre-bound keeps its claimRef without uid. */
function unbind(volume: PersistentVolume): ObjectWrite[] {
  const annotations = { ...volume.metadata.annotations };
  const byController = annotations[annBoundByController] !== undefined;
  delete annotations[annBoundByController];
  const claimRef = byController ? undefined : { ...volume.spec.claimRef, uid: undefined, resourceVersion: undefined };
  const spec = { ...volume.spec, claimRef };
  if (!claimRef) delete spec.claimRef;
  return [update({ ...volume, metadata: { ...volume.metadata, annotations }, spec })];
}
