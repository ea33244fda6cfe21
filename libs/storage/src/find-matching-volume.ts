import { compareQuantities, selectorMatches } from '@kronicle/kube-validation';
import { claimClass, volumeClass } from './storage-class';
import { volumeFitsNode } from './node-affinity';
import type { PersistentVolume, PersistentVolumeClaim } from './types';

export interface NodeInfo {
  name: string;
  labels: Record<string, string>;
}

/** Upstream `IsVolumeBoundToClaim`: claimRef names the claim, and its uid (when set) is the claim's. */
export function isVolumeBoundToClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = volume.spec.claimRef;
  if (!ref || ref.name !== claim.metadata.name || ref.namespace !== claim.metadata.namespace) return false;
  return !ref.uid || ref.uid === claim.metadata.uid;
}

/** The volume offers every access mode the claim asks for (upstream indexes volumes by mode sets). */
export function offersAccessModes(volume: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const offered = new Set(volume.spec.accessModes ?? []);
  return (claim.spec.accessModes ?? []).every((m) => offered.has(m));
}

const volumeMode = (mode: string | undefined) => mode ?? 'Filesystem';

/**
 * Upstream `FindMatchingVolume` (component-helpers/storage/volume), after the PV index's access-mode
 * filter: a volume pre-bound to this claim wins outright; otherwise the smallest Available volume
 * with enough capacity, the same volume mode and class, matching the claim's selector (and, on the
 * scheduler's path with a node, that node's affinity). With delayed binding and no node, only a
 * volume pre-bound to the claim is taken: the pod's node decides the rest.
 *
 * Example: a claim for 3Gi with volumes of 10Gi, 5Gi and 2Gi gets the 5Gi one.
 */
export function findMatchingVolume(
  claim: PersistentVolumeClaim,
  volumes: PersistentVolume[],
  options: { node?: NodeInfo; delayBinding?: boolean } = {},
): PersistentVolume | undefined {
  const requested = claim.spec.resources?.requests?.storage ?? '0';
  const requestedClass = claimClass(claim);
  const { node, delayBinding = false } = options;
  let smallest: PersistentVolume | undefined;
  // Sorted by name so that among equal sizes the choice does not depend on cache order.
  for (const volume of [...volumes].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))) {
    if (!offersAccessModes(volume, claim)) continue;
    if (volume.spec.claimRef && !isVolumeBoundToClaim(volume, claim)) continue;
    const capacity = volume.spec.capacity?.storage;
    if (!capacity || compareQuantities(capacity, requested) < 0) continue;
    if (volumeMode(volume.spec.volumeMode) !== volumeMode(claim.spec.volumeMode)) continue;
    if (volume.metadata.deletionTimestamp) continue;
    const fitsNode = !node || volumeFitsNode(volume, node.name, node.labels);
    if (isVolumeBoundToClaim(volume, claim)) return fitsNode ? volume : undefined;
    if (!node && delayBinding) continue;
    if (volume.status?.phase !== 'Available') continue;
    if (claim.spec.selector && !selectorMatches(claim.spec.selector, volume.metadata.labels)) continue;
    if (volumeClass(volume) !== requestedClass) continue;
    if (!fitsNode) continue;
    if (!smallest || compareQuantities(smallest.spec.capacity!.storage, capacity) > 0) smallest = volume;
  }
  return smallest;
}
