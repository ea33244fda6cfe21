import { type FieldCause, child, key, notSupported, required } from '../field-error';
import { GoText } from '../go-value';
import { type Json, dns1123Subdomain, sortedKeys } from './common';
import { validateAccessModes, volumeModes } from './access-modes';
import { validateVolumeSource } from './pod-spec';
import { positiveQuantity, readQuantity } from './resources';

const spec = 'spec';
// PersistentVolume sources, in the order upstream checks them.
const pvSources = [
  'gcePersistentDisk', 'awsElasticBlockStore', 'hostPath', 'glusterfs', 'flocker', 'nfs', 'rbd', 'quobyte', 'cephfs', 'iscsi',
  'cinder', 'fc', 'flexVolume', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'scaleIO',
  'local', 'storageos', 'csi',
];

/** Upstream `ValidatePersistentVolumeSpec` for a cluster-level PersistentVolume. */
export function validatePersistentVolume(pv: Json): FieldCause[] {
  const s = pv.spec ?? {};
  const causes: FieldCause[] = [];
  const modes: string[] = s.accessModes ?? [];
  if (modes.length === 0) causes.push(required(child(spec, 'accessModes')));
  causes.push(...validateAccessModes(modes, child(spec, 'accessModes')));
  const capacity = s.capacity ?? {};
  const capacityPath = child(spec, 'capacity');
  const names = sortedKeys(capacity);
  if (names.length === 0) causes.push(required(capacityPath));
  if (!names.includes('storage') || names.length > 1) {
    // Quantities are shown abbreviated: Go prints their internal fields.
    const rendered = s.capacity ? `{${names.map((n) => `"${n}":resource.Quantity{...}`).join(', ')}}` : '(nil)';
    causes.push(notSupported(capacityPath, new GoText(`core.ResourceList${rendered}`), ['storage']));
  }
  for (const name of names) {
    const q = readQuantity(capacity[name], key(capacityPath, name), causes);
    if (q) causes.push(...positiveQuantity(q, key(capacityPath, name)));
  }
  if (s.storageClassName) causes.push(...dns1123Subdomain(s.storageClassName, child(spec, 'storageClassName')));
  if (s.volumeMode != null && !volumeModes.includes(s.volumeMode)) causes.push(notSupported(child(spec, 'volumeMode'), s.volumeMode, volumeModes));
  const reclaim = s.persistentVolumeReclaimPolicy;
  if (reclaim && !['Delete', 'Recycle', 'Retain'].includes(reclaim))
    causes.push(notSupported(child(spec, 'persistentVolumeReclaimPolicy'), reclaim, ['Delete', 'Recycle', 'Retain']));
  causes.push(...validateVolumeSource(s, spec, pvSources));
  return causes;
}
