import { type Condition, type Deployment } from '../shared/objects';
import { metaTime } from '@kronicle/pod-control';

type DeploymentStatus = NonNullable<Deployment['status']>;

/**
 * Upstream's DeploymentReplicaFailure, named as the ReplicaSet condition it is copied from
 * (ReplicaSetReplicaFailure): pods of a ReplicaSet could not be created or deleted.
 */
export const REPLICA_FAILURE = 'ReplicaFailure';

/** Upstream's condition reasons (pkg/controller/deployment/util). */
export const Reason = {
  FoundNewRS: 'FoundNewReplicaSet',
  NewRSCreated: 'NewReplicaSetCreated',
  NewRSAvailable: 'NewReplicaSetAvailable',
  RSUpdated: 'ReplicaSetUpdated',
  TimedOut: 'ProgressDeadlineExceeded',
  Paused: 'DeploymentPaused',
  Resumed: 'DeploymentResumed',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

export function newCondition(type: string, status: Condition['status'], reason: string, message: string, now: Date): Condition {
  const time = metaTime(now);
  return { type, status, lastUpdateTime: time, lastTransitionTime: time, reason, message };
}

export function getCondition(status: DeploymentStatus | undefined, type: string): Condition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * Upstream `SetDeploymentCondition`: nothing when status and reason are the same; the transition
 * time kept when only the reason changes.
 */
export function setCondition(status: DeploymentStatus, condition: Condition): DeploymentStatus {
  const current = getCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return status;
  const next = current && current.status === condition.status ? { ...condition, lastTransitionTime: current.lastTransitionTime } : condition;
  return { ...status, conditions: [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next] };
}

export function removeCondition(status: DeploymentStatus, type: string): DeploymentStatus {
  if (!getCondition(status, type)) return status;
  const conditions = (status.conditions ?? []).filter((c) => c.type !== type);
  const next: DeploymentStatus = { ...status, conditions };
  if (conditions.length === 0) delete next.conditions;
  return next;
}
