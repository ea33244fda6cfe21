import { storedStatus } from '@kronicle/object-lifecycle';
import { metaTime } from '@kronicle/pod-control';
import { type Condition, type ReplicaSet } from '../shared/objects';
import { isAvailable, labelsMatch, numbered, type PodFacts } from './pod-state';

/** Upstream's ReplicaSetReplicaFailure: pods could not be created or deleted. */
export const REPLICA_FAILURE = 'ReplicaFailure';

/** Why this sync could not create or delete pods (upstream's `manageReplicasErr`), when it could not. */
export interface ManageReplicasFailure {
  /** `FailedCreate` when pods were missing, `FailedDelete` when there were too many. */
  reason: 'FailedCreate' | 'FailedDelete';
  /** The API's refusal, as upstream's `err.Error()`. */
  message: string;
}

/**
 * Upstream `calculateStatus`: counts over the active pods the ReplicaSet controls. A pod is fully
 * labeled when it carries every label of the template; available when ready for minReadySeconds.
 * A failed create or delete adds the ReplicaFailure condition unless it is there already (the first
 * failure's message stays); a sync without failure removes it. Counts at 0 other than `replicas`
 * are left out, as upstream's omitempty prints them (scaled to 0: `{replicas: 0, observedGeneration: 3}`).
 */
export function replicaSetStatus(rs: ReplicaSet, pods: PodFacts[], now: Date, failure?: ManageReplicasFailure): NonNullable<ReplicaSet['status']> {
  const templateLabels = numbered({ matchLabels: rs.spec.template.metadata?.labels ?? {} });
  const minReadySeconds = rs.spec.minReadySeconds ?? 0;
  // One pass: tens of thousands of pods are counted several times a second.
  let fullyLabeledReplicas = 0;
  let readyReplicas = 0;
  let availableReplicas = 0;
  for (const pod of pods) {
    if (labelsMatch(pod, templateLabels)) fullyLabeledReplicas++;
    if (!pod.ready) continue;
    readyReplicas++;
    if (isAvailable(pod.readySince, minReadySeconds, now)) availableReplicas++;
  }
  const status: NonNullable<ReplicaSet['status']> = { replicas: pods.length, fullyLabeledReplicas, readyReplicas, availableReplicas, observedGeneration: rs.metadata.generation };
  const conditions = withReplicaFailure(rs.status?.conditions ?? [], failure, now);
  if (conditions.length) status.conditions = conditions;
  return storedStatus('apps/v1', 'ReplicaSet', status);
}

function withReplicaFailure(conditions: Condition[], failure: ManageReplicasFailure | undefined, now: Date): Condition[] {
  const present = conditions.some((c) => c.type === REPLICA_FAILURE);
  if (failure && !present) return [...conditions, { type: REPLICA_FAILURE, status: 'True', lastTransitionTime: metaTime(now), reason: failure.reason, message: failure.message }];
  if (!failure && present) return conditions.filter((c) => c.type !== REPLICA_FAILURE);
  return conditions;
}
