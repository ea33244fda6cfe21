import { replicasOf, type Deployment, type ReplicaSet } from '../shared/objects';
import { DESIRED_REPLICAS, MAX_REPLICAS, annotationNumber } from './annotations';
import { isRollingUpdate, maxSurge } from './fenceposts';
import { syncDeploymentStatus } from './progress';
import { byCreation, byRevision, bySizeNewer, bySizeOlder, filterActive, specReplicas } from './replica-sets';
import type { RolloutPlan } from './rollout-plan';
import { replicaSetsOfRollout } from './new-replica-set';

/**
 * Upstream `isScalingEvent`: the Deployment's replicas differ from what its active ReplicaSets were
 * last sized for (their desired-replicas annotation): a scale, not a template change.
 */
export function isScalingEvent(d: Deployment, allRSs: (ReplicaSet | undefined)[]): boolean {
  return filterActive(allRSs).some((rs) => {
    const desired = annotationNumber(rs, DESIRED_REPLICAS);
    return desired !== undefined && desired !== replicasOf(d);
  });
}

/**
 * Upstream `sync`, for scaling and paused Deployments: resize the ReplicaSets without rolling,
 * clean up history when paused, and write the status.
 */
export function sync(plan: RolloutPlan, rsList: ReplicaSet[]): void {
  const { newRS, oldRSs } = replicaSetsOfRollout(plan, rsList, false);
  scale(plan, newRS, oldRSs);
  if (plan.d.spec.paused) cleanupDeployment(plan, oldRSs);
  syncDeploymentStatus(plan, [...oldRSs, newRS].filter(isDefined).map((rs) => plan.latest(rs)), plan.latest(newRS));
}

/**
 * Upstream `scale`. With one active ReplicaSet (or none: the newest), it simply takes the
 * Deployment's size. Mid-rollout the difference to replicas + maxSurge is shared in proportion to
 * each ReplicaSet's size, leftovers to the largest. E.g. 10 replicas, maxSurge 3, new at 5, old at
 * 8, scaled to 15 (max 18, so 5 to add): old gets round(8 · 18/13) − 8 = 3, new 2: old 11, new 7.
 */
export function scale(plan: RolloutPlan, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): void {
  const { d } = plan;
  const replicas = replicasOf(d);
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    plan.scaleAndRecord(activeOrLatest, replicas);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActive(oldRSs)) plan.scaleAndRecord(old, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;
  for (const [rs, size] of proportionalSizes(d, filterActive([...oldRSs, newRS]))) plan.scale(rs, size);
}

/** The sizes upstream's proportional scaling gives each active ReplicaSet, in its processing order. */
export function proportionalSizes(d: Deployment, active: ReplicaSet[]): [ReplicaSet, number][] {
  const replicas = replicasOf(d);
  const allowedSize = replicas > 0 ? replicas + maxSurge(d) : 0;
  const toAdd = allowedSize - specReplicas(active);
  const ordered = [...active].sort(toAdd > 0 ? bySizeNewer : toAdd < 0 ? bySizeOlder : () => 0);
  let added = 0;
  const sizes = ordered.map((rs): [ReplicaSet, number] => {
    if (toAdd === 0) return [rs, replicasOf(rs)];
    const proportion = getProportion(rs, d, toAdd, added);
    added += proportion;
    return [rs, replicasOf(rs) + proportion];
  });
  // Leftovers from rounding go to (or come from) the largest ReplicaSet.
  if (sizes.length > 0 && toAdd !== 0) sizes[0][1] = Math.max(0, sizes[0][1] + toAdd - added);
  return sizes;
}

/** Upstream `GetProportion`: this ReplicaSet's share, never beyond what is left to add or remove. */
function getProportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/**
 * Upstream `getReplicaSetFraction`: the ReplicaSet's size scaled by new max / old max replicas,
 * the old max read from its max-replicas annotation (or the Deployment's status replicas).
 */
function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  const replicas = replicasOf(rs);
  if (replicasOf(d) === 0) return -replicas;
  const deploymentMax = replicasOf(d) + maxSurge(d);
  let annotated = annotationNumber(rs, MAX_REPLICAS);
  if (!annotated) annotated = d.status?.replicas ?? 0;
  return roundHalfAwayFromZero((replicas * deploymentMax) / annotated) - replicas;
}

function roundHalfAwayFromZero(x: number): number {
  return x < 0 ? Math.trunc(x - 0.5) : Math.trunc(x + 0.5);
}

/** Upstream `FindActiveOrLatest`: the only active ReplicaSet, or the newest when none is active. */
function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const active = filterActive([...oldRSs, newRS]);
  if (active.length === 1) return active[0];
  if (active.length > 1) return undefined;
  return newRS ?? [...oldRSs].sort(byCreation).at(-1);
}

/** Upstream `IsSaturated`: the new ReplicaSet is sized for the Deployment and all its pods are available. */
function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const replicas = replicasOf(d);
  return replicasOf(rs) === replicas && annotationNumber(rs, DESIRED_REPLICAS) === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}

/**
 * Upstream `cleanupDeployment`: deletes the oldest revisions beyond revisionHistoryLimit, only
 * those scaled to 0 with no pods left. E.g. limit 2 and revisions 1–5 with 5 current: 1 and 2 go.
 */
export function cleanupDeployment(plan: RolloutPlan, oldRSs: ReplicaSet[]): void {
  const limit = plan.d.spec.revisionHistoryLimit;
  if (limit === undefined) return;
  const cleanable = oldRSs.map((rs) => plan.latest(rs)).filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - limit;
  if (diff <= 0) return;
  for (const rs of cleanable.sort(byRevision).slice(0, diff)) {
    if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    plan.delete(rs);
  }
}

export function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
