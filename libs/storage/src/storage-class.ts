import type { ClusterState } from '@kronicle/projection';
import { objectStreamId } from '@kronicle/contracts';
import { annBetaIsDefaultClass, annBetaStorageClass, annIsDefaultClass } from './annotations';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from './types';

/** The class a claim asks for: spec.storageClassName, else the beta annotation, else '' (no class). */
export function claimClass(claim: PersistentVolumeClaim): string {
  return claim.spec.storageClassName ?? claim.metadata.annotations?.[annBetaStorageClass] ?? '';
}

/** True while a claim names no class at all (nil, not ""): the default class may still be assigned. */
export function claimClassUnset(claim: PersistentVolumeClaim): boolean {
  return claim.spec.storageClassName == null && claim.metadata.annotations?.[annBetaStorageClass] === undefined;
}

export function volumeClass(volume: PersistentVolume): string {
  return volume.spec.storageClassName ?? volume.metadata.annotations?.[annBetaStorageClass] ?? '';
}

export function isDefaultClass(sc: StorageClass): boolean {
  const a = sc.metadata.annotations ?? {};
  return a[annIsDefaultClass] === 'true' || a[annBetaIsDefaultClass] === 'true';
}

/**
 * The default StorageClass, as upstream's `GetDefaultClass`: of several defaults the newest wins
 * (ties broken by name), so adding a new default takes over without removing the old mark.
 */
export function defaultStorageClass(state: ClusterState): StorageClass | undefined {
  const defaults = state
    .list({ group: 'storage.k8s.io', resource: 'storageclasses' })
    .map((s) => s.object as StorageClass)
    .filter(isDefaultClass);
  defaults.sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  return defaults[0];
}

export function storageClassNamed(state: ClusterState, name: string): StorageClass | undefined {
  if (!name) return undefined;
  return state.get(objectStreamId({ group: 'storage.k8s.io', resource: 'storageclasses', name }))?.object as StorageClass | undefined;
}

/** Upstream `IsDelayBindingMode`: the claim's class waits for a pod's node before binding. */
export function isDelayBindingMode(claim: PersistentVolumeClaim, state: ClusterState): boolean {
  return storageClassNamed(state, claimClass(claim))?.volumeBindingMode === 'WaitForFirstConsumer';
}
