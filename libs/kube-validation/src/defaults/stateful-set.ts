import type { Json } from '../validation/common';
import { defaultPersistentVolumeClaim } from './persistent-volume-claim';
import { defaultEmbeddedMetadata, defaultPodTemplate } from './pod-spec';

/**
 * Upstream apps/v1 `SetDefaults_StatefulSet` with 1.32's default gates
 * (StatefulSetAutoDeletePVC on, MaxUnavailableStatefulSet off).
 */
export function defaultStatefulSet(sts: Json): void {
  const spec = (sts.spec ??= {});
  spec.podManagementPolicy ||= 'OrderedReady';
  const strategy = (spec.updateStrategy ??= {});
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    strategy.rollingUpdate ??= {};
  }
  if (strategy.type === 'RollingUpdate' && strategy.rollingUpdate) strategy.rollingUpdate.partition ??= 0;
  const retention = (spec.persistentVolumeClaimRetentionPolicy ??= {});
  retention.whenDeleted ||= 'Retain';
  retention.whenScaled ||= 'Retain';
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplate(spec.template);
  for (const claim of spec.volumeClaimTemplates ?? []) {
    defaultEmbeddedMetadata(claim);
    defaultPersistentVolumeClaim(claim);
  }
}
