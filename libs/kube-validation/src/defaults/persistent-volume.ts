import type { Json } from '../validation/common';
import { canonicalResourceList } from './quantities';

/** Upstream core/v1 `SetDefaults_PersistentVolume` (and the hostPath type default). */
export function defaultPersistentVolume(pv: Json): void {
  const spec = (pv.spec ??= {});
  spec.persistentVolumeReclaimPolicy ||= 'Retain';
  spec.volumeMode ??= 'Filesystem';
  if (spec.hostPath) spec.hostPath.type ??= '';
  canonicalResourceList(spec.capacity);
  pv.status ??= {};
  pv.status.phase ||= 'Pending';
}
