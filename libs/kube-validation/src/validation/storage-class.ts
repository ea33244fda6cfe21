import { type FieldCause, forbidden, notSupported, required } from '../field-error';
import { type Json, deepEqual, immutable, qualifiedName } from './common';

/** Upstream storage `ValidateStorageClass`. */
export function validateStorageClass(sc: Json): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!sc.provisioner) causes.push(required('provisioner'));
  else causes.push(...qualifiedName(String(sc.provisioner).toLowerCase(), 'provisioner'));
  if (sc.reclaimPolicy && !['Delete', 'Retain'].includes(sc.reclaimPolicy))
    causes.push(notSupported('reclaimPolicy', sc.reclaimPolicy, ['Delete', 'Retain']));
  if (!sc.volumeBindingMode) causes.push(required('volumeBindingMode'));
  else if (!['Immediate', 'WaitForFirstConsumer'].includes(sc.volumeBindingMode))
    causes.push(notSupported('volumeBindingMode', sc.volumeBindingMode, ['Immediate', 'WaitForFirstConsumer']));
  return causes;
}

export function validateStorageClassUpdate(sc: Json, old: Json): FieldCause[] {
  const causes = validateStorageClass(sc);
  if (!deepEqual(sc.parameters, old.parameters)) causes.push(forbidden('parameters', 'updates to parameters are forbidden.'));
  if (sc.provisioner !== old.provisioner) causes.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
  causes.push(...immutable(sc.reclaimPolicy, old.reclaimPolicy, 'reclaimPolicy', sc.reclaimPolicy));
  causes.push(...immutable(sc.volumeBindingMode, old.volumeBindingMode, 'volumeBindingMode', sc.volumeBindingMode));
  return causes;
}
