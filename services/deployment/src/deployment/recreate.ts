import type { ReplicaSet } from '../shared/objects';
import { type Pod, controllerOf } from '@kronicle/pod-control';
import { replicasOf } from '../shared/objects';
import { replicaSetsOfRollout } from './new-replica-set';
import { syncRolloutStatus } from './progress';
import { actualReplicas, filterActive } from './replica-sets';
import type { RolloutPlan } from './rollout-plan';
import { deploymentComplete } from './status';
import { cleanupDeployment, isDefined } from './sync';

/**
 * Upstream `rolloutRecreate`, one step per reconcile: scale every old ReplicaSet to 0; wait until
 * none of their pods runs any more; then create the new ReplicaSet at full size.
 */
export function rolloutRecreate(plan: RolloutPlan, rsList: ReplicaSet[], pods: Pod[]): void {
  let { newRS, oldRSs } = replicaSetsOfRollout(plan, rsList, false);
  const all = () => [...oldRSs, newRS].filter(isDefined).map((rs) => plan.latest(rs));
  let scaledDown = false;
  for (const rs of filterActive(oldRSs)) {
    plan.scaleAndRecord(rs, 0);
    scaledDown = true;
  }
  if (scaledDown || oldPodsRunning(newRS, oldRSs, pods)) return syncRolloutStatus(plan, all(), plan.latest(newRS));
  if (!newRS) ({ newRS, oldRSs } = replicaSetsOfRollout(plan, rsList, true));
  if (newRS) newRS = plan.scaleAndRecord(plan.latest(newRS), replicasOf(plan.d));
  if (deploymentComplete(plan.d, plan.status)) cleanupDeployment(plan, oldRSs);
  syncRolloutStatus(plan, all(), plan.latest(newRS));
}

/** Upstream `oldPodsRunning`: any old ReplicaSet still counts pods, or one of its pods has not finished. */
export function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[], pods: Pod[]): boolean {
  if (actualReplicas(oldRSs) > 0) return true;
  const oldUids = new Set(oldRSs.map((rs) => rs.metadata.uid));
  return pods.some((pod) => {
    const owner = controllerOf(pod)?.uid;
    if (!owner || owner === newRS?.metadata.uid || !oldUids.has(owner)) return false;
    return hasNotFinished(pod);
  });
}

/** Neither Failed nor Succeeded: a pod of an old ReplicaSet that a Recreate rollout still waits for. */
export function hasNotFinished(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Failed' && phase !== 'Succeeded';
}
