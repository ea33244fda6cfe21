import { nothingToDo, type ReconcileResult } from '@kronicle/controller-runtime';
import { BY_CONTROLLER, ORPHANS, type Pod, claim } from '@kronicle/pod-control';
import type { ClusterState } from '@kronicle/projection';
import type { Deployment, ReplicaSet } from '../shared/objects';
import { getObject, splitKey } from '../shared/resources';
import { isRollingUpdate } from './fenceposts';
import { replicaSetsOfRollout } from './new-replica-set';
import { checkPausedConditions, requeueStuckAfterMs, syncDeploymentStatus } from './progress';
import { rolloutRecreate } from './recreate';
import { rolloutRolling } from './rolling';
import { RolloutPlan } from './rollout-plan';
import { isDefined, isScalingEvent, sync } from './sync';

/**
 * One sync of a Deployment (upstream `syncDeployment`): claim its ReplicaSets, then either only
 * the status (being deleted), a resize (paused, or scaled), or one step of its strategy.
 */
export function reconcileDeployment(key: string, state: ClusterState, now: Date): ReconcileResult {
  const { namespace, name } = splitKey(key);
  const d = getObject<Deployment>(state, 'apps', 'deployments', namespace, name);
  if (!d) return nothingToDo;
  const plan = new RolloutPlan(d, now, (rsName) => getObject(state, 'apps', 'replicasets', namespace, rsName) !== undefined);

  const candidates = [...state.byIndex(BY_CONTROLLER, `replicasets/${d.metadata.uid}`), ...state.byIndex(ORPHANS, `replicasets/${namespace}`)].map((s) => s.object as ReplicaSet);
  const claimed = claim(d, d.spec.selector, candidates);
  for (const rs of claimed.changed) plan.put(rs);
  const rsList = claimed.owned;

  if (d.metadata.deletionTimestamp) {
    const { newRS, oldRSs } = replicaSetsOfRollout(plan, rsList, false);
    syncDeploymentStatus(plan, [...oldRSs, newRS].filter(isDefined), newRS);
  } else {
    checkPausedConditions(plan);
    if (d.spec.paused || isScalingEvent(d, rsList)) sync(plan, rsList);
    else if (isRollingUpdate(d)) rolloutRolling(plan, rsList);
    else rolloutRecreate(plan, rsList, podsOf(state, rsList));
  }
  const requeueAfterMs = requeueStuckAfterMs(d, plan.status, now);
  return requeueAfterMs === undefined ? { writes: plan.writes() } : { writes: plan.writes(), requeueAfterMs };
}

function podsOf(state: ClusterState, rsList: ReplicaSet[]): Pod[] {
  return rsList.flatMap((rs) => state.byIndex(BY_CONTROLLER, `pods/${rs.metadata.uid}`)).map((s) => s.object as Pod);
}
