import { type FieldCause, child, forbidden, key, notSupported, required } from '../field-error';
import { compareQuantities, isQuantity } from '../quantity';
import { type Json, deepEqual, dns1123Subdomain, omit } from './common';
import { validateAccessModes, volumeModes } from './access-modes';
import { validateLabelSelector } from './labels';
import { positiveQuantity, readQuantity } from './resources';

/** Upstream `ValidatePersistentVolumeClaimSpec`; also used for StatefulSet claim templates. */
export function validatePersistentVolumeClaimSpec(s: Json, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const modes: string[] = s.accessModes ?? [];
  if (modes.length === 0) causes.push(required(child(path, 'accessModes'), 'at least 1 access mode is required'));
  if (s.selector) causes.push(...validateLabelSelector(s.selector, child(path, 'selector')));
  causes.push(...validateAccessModes(modes, child(path, 'accessModes')));
  // Upstream reports the storage request at `resources[storage]`, not under requests.
  const storagePath = key(child(path, 'resources'), 'storage');
  const storage = s.resources?.requests?.storage;
  if (storage === undefined || storage === null) causes.push(required(storagePath));
  else {
    const q = readQuantity(storage, storagePath, causes);
    if (q) causes.push(...positiveQuantity(q, storagePath));
  }
  if (s.storageClassName) causes.push(...dns1123Subdomain(s.storageClassName, child(path, 'storageClassName')));
  if (s.volumeMode != null && !volumeModes.includes(s.volumeMode)) causes.push(notSupported(child(path, 'volumeMode'), s.volumeMode, volumeModes));
  return causes;
}

export function validatePersistentVolumeClaim(pvc: Json): FieldCause[] {
  return validatePersistentVolumeClaimSpec(pvc.spec ?? {}, 'spec');
}

/**
 * Upstream `ValidatePersistentVolumeClaimUpdate` (VolumeAttributesClass off, as in 1.32's defaults):
 * volumeName may be set once, a class may be set where none was named (RetroactiveDefaultStorageClass,
 * GA in 1.28), storage requests may grow for bound claims, nothing else changes.
 * Upstream appends a Go `cmp.Diff` to the spec message; that part is not reproduced.
 */
export function validatePersistentVolumeClaimUpdate(pvc: Json, old: Json): FieldCause[] {
  const causes = validatePersistentVolumeClaim(pvc);
  const s = pvc.spec ?? {};
  const o = old.spec ?? {};
  // Set once each: volumeName (binding), and a class where none was named (retroactive default class).
  const settable = [...(o.volumeName ? [] : ['volumeName']), ...(classUnset(old) ? ['storageClassName'] : [])];
  const comparable = (spec: Json, bound: boolean) => {
    const rest = omit(spec, settable);
    if (!bound) return rest;
    return { ...rest, resources: { ...rest.resources, requests: omit(rest.resources?.requests, ['storage']) } };
  };
  const bound = pvc.status?.phase === 'Bound';
  if (!deepEqual(comparable(s, bound), comparable(o, bound)))
    causes.push(forbidden('spec', 'spec is immutable after creation except resources.requests for bound claims'));
  const next = s.resources?.requests?.storage;
  const prev = o.resources?.requests?.storage;
  if (isQuantity(next) && isQuantity(prev) && compareQuantities(String(next), String(prev)) < 0)
    causes.push(forbidden(child('spec', 'resources', 'requests', 'storage'), 'field can not be less than previous value'));
  return causes;
}

/** Upstream `validateStorageClassUpgradeFromNil`: no class field and no beta class annotation. */
function classUnset(pvc: Json): boolean {
  return pvc.spec?.storageClassName == null && pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] === undefined;
}
