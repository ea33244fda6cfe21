import { replicasOf, type ReplicaSet } from '../shared/objects';
import { maxUnavailable } from './fenceposts';
import { newRSNewReplicas, replicaSetsOfRollout } from './new-replica-set';
import { syncRolloutStatus } from './progress';
import { availableOnceScaled, byCreation, filterActive, specReplicas } from './replica-sets';
import type { RolloutPlan } from './rollout-plan';
import { deploymentComplete } from './status';
import { cleanupDeployment, isDefined } from './sync';

/**
 * Upstream `rolloutRolling`, one step per reconcile: grow the new ReplicaSet if surge allows;
 * otherwise shrink old ones if availability allows; once complete, clean up old revisions.
 */
export function rolloutRolling(plan: RolloutPlan, rsList: ReplicaSet[]): void {
  const { newRS, oldRSs } = replicaSetsOfRollout(plan, rsList, true);
  const all = () => [...oldRSs, newRS].filter(isDefined).map((rs) => plan.latest(rs));
  if (newRS) {
    if (reconcileNewReplicaSet(plan, all(), newRS)) return syncRolloutStatus(plan, all(), plan.latest(newRS));
    if (reconcileOldReplicaSets(plan, all(), filterActive(oldRSs), plan.latest(newRS))) return syncRolloutStatus(plan, all(), plan.latest(newRS));
  }
  if (deploymentComplete(plan.d, plan.status)) cleanupDeployment(plan, oldRSs);
  syncRolloutStatus(plan, all(), plan.latest(newRS));
}

/** Upstream `reconcileNewReplicaSet`: scale the new ReplicaSet toward replicas within the surge. */
function reconcileNewReplicaSet(plan: RolloutPlan, allRSs: ReplicaSet[], newRS: ReplicaSet): boolean {
  const replicas = replicasOf(plan.d);
  if (replicasOf(newRS) === replicas) return false;
  const target = replicasOf(newRS) > replicas ? replicas : newRSNewReplicas(plan.d, allRSs, newRS);
  return replicasOf(plan.scaleAndRecord(newRS, target)) !== replicasOf(newRS);
}

/**
 * Upstream `reconcileOldReplicaSets`. Old pods may go while the rest keeps replicas − maxUnavailable
 * available, not counting the new ReplicaSet's unavailable pods. E.g. 10 replicas, maxUnavailable 2,
 * maxSurge 3: new at 5 (none available), old at 8: 13 − 8 − 5 = 0, nothing may go; once 3 new pods
 * are available, 13 − 8 − 2 = 3 may.
 */
function reconcileOldReplicaSets(plan: RolloutPlan, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet): boolean {
  if (specReplicas(oldRSs) === 0) return false;
  const minAvailable = replicasOf(plan.d) - maxUnavailable(plan.d);
  const newRSUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = specReplicas(allRSs) - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthyReplicas(plan, oldRSs, maxScaledDown);
  const scaledDown = scaleDownOldReplicaSets(plan, [...cleaned.oldRSs, newRS], cleaned.oldRSs);
  return cleaned.count + scaledDown > 0;
}

/** Upstream `cleanupUnhealthyReplicas`: unavailable old pods go first, oldest ReplicaSet first; availability is unchanged. */
function cleanupUnhealthyReplicas(plan: RolloutPlan, oldRSs: ReplicaSet[], maxCleanup: number): { oldRSs: ReplicaSet[]; count: number } {
  let count = 0;
  const result = [...oldRSs].sort(byCreation).map((rs) => {
    const unhealthy = replicasOf(rs) - (rs.status?.availableReplicas ?? 0);
    if (count >= maxCleanup || replicasOf(rs) === 0 || unhealthy <= 0) return rs;
    const scaledDown = Math.min(maxCleanup - count, unhealthy);
    count += scaledDown;
    return plan.scaleAndRecord(rs, replicasOf(rs) - scaledDown);
  });
  return { oldRSs: result, count };
}

/** Upstream `scaleDownOldReplicaSetsForRollingUpdate`: available pods beyond replicas − maxUnavailable go, oldest first. */
function scaleDownOldReplicaSets(plan: RolloutPlan, allRSs: ReplicaSet[], oldRSs: ReplicaSet[]): number {
  const minAvailable = replicasOf(plan.d) - maxUnavailable(plan.d);
  const available = availableOnceScaled(allRSs);
  if (available <= minAvailable) return 0;
  const total = available - minAvailable;
  let scaledDown = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (scaledDown >= total) break;
    if (replicasOf(rs) === 0) continue;
    const count = Math.min(replicasOf(rs), total - scaledDown);
    plan.scaleAndRecord(rs, replicasOf(rs) - count);
    scaledDown += count;
  }
  return scaledDown;
}
