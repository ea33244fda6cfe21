import { replicasOf, type Deployment, type IntOrPercent } from '../shared/objects';

/**
 * Upstream `GetScaledValueFromIntOrPercent`: an integer as is, a percentage of `total` rounded up
 * (maxSurge) or down (maxUnavailable). E.g. 25% of 10: surge 3, unavailable 2.
 */
export function scaledValue(value: IntOrPercent | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const percent = Number(value.replace(/%$/, ''));
  const exact = (percent * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** Upstream `ResolveFenceposts`: both 0 would block a rollout, so unavailable becomes 1. */
export function resolveFenceposts(maxSurge: IntOrPercent | undefined, maxUnavailable: IntOrPercent | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, desired, true);
  const unavailable = scaledValue(maxUnavailable, desired, false);
  return surge === 0 && unavailable === 0 ? { surge, unavailable: 1 } : { surge, unavailable };
}

export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const rolling = d.spec.strategy?.rollingUpdate;
  return resolveFenceposts(rolling?.maxSurge, rolling?.maxUnavailable, replicasOf(d)).surge;
}

/** Upstream `MaxUnavailable`: never more than the replicas; 0 for Recreate or 0 replicas. */
export function maxUnavailable(d: Deployment): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const rolling = d.spec.strategy?.rollingUpdate;
  return Math.min(replicas, resolveFenceposts(rolling?.maxSurge, rolling?.maxUnavailable, replicas).unavailable);
}
