import type { Json } from '../validation/common';
import { canonicalResourceList } from './quantities';

/** Upstream `SetDefaults_PersistentVolumeClaim` (also applied to StatefulSet volumeClaimTemplates). */
export function defaultPersistentVolumeClaim(pvc: Json): void {
  const spec = (pvc.spec ??= {});
  spec.volumeMode ??= 'Filesystem';
  canonicalResourceList(spec.resources?.requests);
  canonicalResourceList(spec.resources?.limits);
  pvc.status ??= {};
  pvc.status.phase ||= 'Pending';
}
