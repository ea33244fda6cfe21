import type { Json } from '../validation/common';
import { defaultPodTemplate } from './pod-spec';

/** Upstream apps/v1 `SetDefaults_ReplicaSet`. */
export function defaultReplicaSet(rs: Json): void {
  const spec = (rs.spec ??= {});
  spec.replicas ??= 1;
  defaultPodTemplate(spec.template);
}
