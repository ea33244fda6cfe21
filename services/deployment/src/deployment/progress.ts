import { type Condition, type Deployment, type ReplicaSet } from '../shared/objects';
import { timeOf } from '@kronicle/pod-control';
import { REPLICA_FAILURE, Reason, getCondition, newCondition, removeCondition, setCondition } from './conditions';
import type { RolloutPlan } from './rollout-plan';
import { calculateStatus, deploymentComplete } from './status';

type DeploymentStatus = NonNullable<Deployment['status']>;

/** Unset, or upstream's "no deadline" (MaxInt32), means no progress is estimated. */
export function hasProgressDeadline(d: Deployment): boolean {
  return d.spec.progressDeadlineSeconds !== undefined && d.spec.progressDeadlineSeconds !== 2147483647;
}

/** Upstream `DeploymentProgressing`: more pods updated, ready or available, or fewer old ones, than last seen. */
export function deploymentProgressing(old: DeploymentStatus, next: DeploymentStatus): boolean {
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
  return (
    (next.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (next.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (next.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/**
 * Upstream `DeploymentTimedOut`: no progress for progressDeadlineSeconds since the Progressing
 * condition was last updated. E.g. deadline 600 s, last progress at 12:00:00: timed out after 12:10:00.
 */
export function deploymentTimedOut(d: Deployment, status: DeploymentStatus, now: Date): boolean {
  if (!hasProgressDeadline(d)) return false;
  const condition = getCondition(status, 'Progressing');
  if (!condition || condition.reason === Reason.NewRSAvailable) return false;
  if (condition.reason === Reason.TimedOut) return true;
  const from = timeOf(condition.lastUpdateTime) ?? 0;
  return from + (d.spec.progressDeadlineSeconds ?? 0) * 1000 < now.getTime();
}

/**
 * Upstream `syncRolloutStatus`: the status from the ReplicaSets plus the Progressing condition —
 * NewReplicaSetAvailable when complete, ReplicaSetUpdated while pods move, ProgressDeadlineExceeded
 * when they stopped moving for too long — and a ReplicaSet's ReplicaFailure condition copied.
 */
export function syncRolloutStatus(plan: RolloutPlan, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined): void {
  const { d, now } = plan;
  const old = plan.status;
  let status = calculateStatus(d, old, allRSs, newRS, now);
  if (!hasProgressDeadline(d)) status = removeCondition(status, 'Progressing');
  const current = getCondition(old, 'Progressing');
  const isComplete = (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && current?.reason === Reason.NewRSAvailable;
  if (hasProgressDeadline(d) && !isComplete) {
    const rsName = newRS?.metadata.name;
    if (deploymentComplete(d, status)) {
      const message = rsName ? `ReplicaSet "${rsName}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
      status = setCondition(status, newCondition('Progressing', 'True', Reason.NewRSAvailable, message, now));
    } else if (deploymentProgressing(old, status)) {
      const message = rsName ? `ReplicaSet "${rsName}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
      let condition = newCondition('Progressing', 'True', Reason.RSUpdated, message, now);
      // Progress refreshes lastUpdateTime even with the same reason, which SetDeploymentCondition would not.
      if (current) {
        if (current.status === 'True') condition = { ...condition, lastTransitionTime: current.lastTransitionTime };
        status = removeCondition(status, 'Progressing');
      }
      status = setCondition(status, condition);
    } else if (deploymentTimedOut(d, status, now)) {
      const message = rsName ? `ReplicaSet "${rsName}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
      status = setCondition(status, newCondition('Progressing', 'False', Reason.TimedOut, message, now));
    }
  }
  // The ReplicaSets' failure to create or delete pods shows on the Deployment, gone with theirs.
  const [failure] = replicaFailures(allRSs, newRS);
  status = failure ? setCondition(status, failure) : removeCondition(status, REPLICA_FAILURE);
  plan.status = status;
}

/**
 * Upstream `getReplicaFailures`: the new ReplicaSet's ReplicaFailure conditions, else those of all
 * the ReplicaSets, as Deployment conditions: e.g. an old ReplicaSet failing to delete and the new
 * one failing to create, the Deployment shows the new one's FailedCreate. The caller sets the first
 * like any condition (`setCondition`): the same status and reason again keep the Deployment's
 * condition, message and times as first copied.
 */
export function replicaFailures(allRSs: ReplicaSet[], newRS: ReplicaSet | undefined): Condition[] {
  const failuresOf = (rs: ReplicaSet) => (rs.status?.conditions ?? []).filter((c) => c.type === REPLICA_FAILURE).map(toDeploymentCondition);
  const ofNew = newRS ? failuresOf(newRS) : [];
  return ofNew.length > 0 ? ofNew : allRSs.flatMap(failuresOf);
}

/**
 * Upstream `ReplicaSetToDeploymentCondition`: type, status, reason and message as they are; both
 * times the ReplicaSet condition's lastTransitionTime (a ReplicaSet condition has no lastUpdateTime).
 */
function toDeploymentCondition(c: Condition): Condition {
  const time = c.lastTransitionTime;
  return {
    type: c.type,
    status: c.status,
    ...(time !== undefined ? { lastUpdateTime: time, lastTransitionTime: time } : {}),
    ...(c.reason !== undefined ? { reason: c.reason } : {}),
    ...(c.message !== undefined ? { message: c.message } : {}),
  };
}

/**
 * Upstream `requeueStuckDeployment`: when to look again so a stalled rollout times out on time,
 * one second after its deadline.
 */
export function requeueStuckAfterMs(d: Deployment, status: DeploymentStatus, now: Date): number | undefined {
  const condition = getCondition(status, 'Progressing');
  if (!hasProgressDeadline(d) || !condition || deploymentComplete(d, status) || condition.reason === Reason.TimedOut) return undefined;
  const after = (timeOf(condition.lastUpdateTime) ?? 0) + (d.spec.progressDeadlineSeconds ?? 0) * 1000 - now.getTime();
  return after < 1000 ? 1000 : after + 1000;
}

/** Upstream `checkPausedConditions`: Progressing=Unknown DeploymentPaused / DeploymentResumed. */
export function checkPausedConditions(plan: RolloutPlan): void {
  const { d, now } = plan;
  if (!hasProgressDeadline(d)) return;
  const pausedConditionExists = getCondition(plan.status, 'Progressing')?.reason === Reason.Paused;
  if (d.spec.paused && !pausedConditionExists) plan.status = setCondition(plan.status, newCondition('Progressing', 'Unknown', Reason.Paused, 'Deployment is paused', now));
  else if (!d.spec.paused && pausedConditionExists) plan.status = setCondition(plan.status, newCondition('Progressing', 'Unknown', Reason.Resumed, 'Deployment is resumed', now));
}

/**
 * Upstream `syncDeploymentStatus`: the counts and Available, conditions otherwise as they are — a
 * ReplicaFailure included, which only `syncRolloutStatus` (a rollout step) copies or removes.
 */
export function syncDeploymentStatus(plan: RolloutPlan, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined): void {
  plan.status = calculateStatus(plan.d, plan.status, allRSs, newRS, plan.now);
}
