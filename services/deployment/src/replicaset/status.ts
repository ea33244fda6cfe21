import type { Pod, ReplicaSet } from '../shared/objects';
import { isPodAvailable, isPodReady } from './pod-state';

/**
 * Upstream `calculateStatus`: counts over the active pods the ReplicaSet controls. A pod is fully
 * labeled when it carries every label of the template; available when ready for minReadySeconds.
 */
export function replicaSetStatus(rs: ReplicaSet, pods: Pod[], now: Date): NonNullable<ReplicaSet['status']> {
  const templateLabels = Object.entries(rs.spec.template.metadata?.labels ?? {});
  const minReadySeconds = rs.spec.minReadySeconds ?? 0;
  const status: NonNullable<ReplicaSet['status']> = {
    replicas: pods.length,
    fullyLabeledReplicas: pods.filter((p) => templateLabels.every(([k, v]) => p.metadata.labels?.[k] === v)).length,
    readyReplicas: pods.filter(isPodReady).length,
    availableReplicas: pods.filter((p) => isPodAvailable(p, minReadySeconds, now)).length,
    observedGeneration: rs.metadata.generation,
  };
  if (rs.status?.conditions?.length) status.conditions = rs.status.conditions;
  return status;
}
