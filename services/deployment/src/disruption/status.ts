import { isDeepStrictEqual } from 'node:util';
import { type Pod, timeOf } from '@kronicle/pod-control';
import { isPodReady } from '@kronicle/contracts';
import { DISRUPTION_ALLOWED, DisruptionAllowedReason, setStatusCondition, withDisruptionAllowedCondition, type PodDisruptionBudget, type PodDisruptionBudgetStatus } from '@kronicle/object-lifecycle';

/** How long an evicted pod may take to be deleted before the budget counts it again (upstream DeletionTimeout). */
export const DELETION_TIMEOUT_MS = 2 * 60 * 1000;

/**
 * Upstream `buildDisruptedPodMap`: the evictions still awaited. An entry goes once its pod is gone or
 * being deleted, or two minutes after the eviction (the pod is then in `notDeleted`); `recheckInMs`
 * is when the next one times out.
 * E.g. p evicted at 12:00:00 and still running at 12:01:00: kept, recheck in 60 s; at 12:02:01 dropped.
 */
export function disruptedPodMap(pods: Pod[], disrupted: Record<string, string> | undefined, now: Date): { disruptedPods: Record<string, string>; recheckInMs?: number; notDeleted: Pod[] } {
  const disruptedPods: Record<string, string> = {};
  const notDeleted: Pod[] = [];
  let recheckInMs: number | undefined;
  if (!disrupted) return { disruptedPods, notDeleted };
  for (const pod of pods) {
    const name = pod.metadata.name ?? '';
    const since = timeOf(disrupted[name]);
    if (pod.metadata.deletionTimestamp || since === undefined) continue;
    const left = since + DELETION_TIMEOUT_MS - now.getTime();
    if (left < 0) {
      notDeleted.push(pod);
      continue;
    }
    disruptedPods[name] = disrupted[name];
    recheckInMs = Math.min(recheckInMs ?? left, left);
  }
  return { disruptedPods, recheckInMs, notDeleted };
}

/** Upstream `countHealthyPods`: Ready pods neither being deleted nor awaited as evicted. */
export function countHealthy(pods: Pod[], disruptedPods: Record<string, string>, now: Date): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const since = timeOf(disruptedPods[pod.metadata.name ?? '']);
    if (since !== undefined && since + DELETION_TIMEOUT_MS > now.getTime()) continue;
    if (isPodReady(pod)) healthy++;
  }
  return healthy;
}

export interface BudgetCounts {
  currentHealthy: number;
  desiredHealthy: number;
  expectedCount: number;
  disruptedPods: Record<string, string>;
}

/**
 * Upstream `updatePdbStatus`: the status the counts give, or undefined when the budget already
 * reports it. No disruption is allowed while no pod is expected, so that a budget's first pods are
 * safe before it has been synced with them. E.g. minAvailable 2, 3 pods Ready: allowed 1.
 */
export function budgetStatus(pdb: PodDisruptionBudget, counts: BudgetCounts, now: Date): PodDisruptionBudgetStatus | undefined {
  const { currentHealthy, desiredHealthy, expectedCount, disruptedPods } = counts;
  const disruptionsAllowed = expectedCount <= 0 ? 0 : Math.max(0, currentHealthy - desiredHealthy);
  const generation = pdb.metadata.generation ?? 0;
  const status = pdb.status ?? {};
  const upToDate =
    status.currentHealthy === currentHealthy &&
    status.desiredHealthy === desiredHealthy &&
    status.expectedPods === expectedCount &&
    status.disruptionsAllowed === disruptionsAllowed &&
    isDeepStrictEqual(status.disruptedPods ?? {}, disruptedPods) &&
    status.observedGeneration === generation &&
    conditionUpToDate(status, disruptionsAllowed);
  if (upToDate) return undefined;
  return withDisruptionAllowedCondition(
    {
      observedGeneration: generation,
      ...(Object.keys(disruptedPods).length ? { disruptedPods } : {}),
      disruptionsAllowed,
      currentHealthy,
      desiredHealthy,
      expectedPods: expectedCount,
      ...(status.conditions ? { conditions: status.conditions } : {}),
    },
    now,
  );
}

/** Upstream `ConditionsAreUpToDate` (the generation is compared by the caller). */
function conditionUpToDate(status: PodDisruptionBudgetStatus, disruptionsAllowed: number): boolean {
  const condition = status.conditions?.find((c) => c.type === DISRUPTION_ALLOWED);
  if (disruptionsAllowed > 0) return condition?.status === 'True' && condition.reason === DisruptionAllowedReason.SufficientPods;
  return condition?.status === 'False' && condition.reason === DisruptionAllowedReason.InsufficientPods;
}

/**
 * Upstream `failSafe`: a budget whose status cannot be worked out allows no disruption, and says
 * why in DisruptionAllowed=False/SyncFailed; the rest of its status stays as it was.
 */
export function failSafeStatus(pdb: PodDisruptionBudget, message: string, now: Date): PodDisruptionBudgetStatus {
  const status = pdb.status ?? {};
  const condition = { type: DISRUPTION_ALLOWED, status: 'False', reason: DisruptionAllowedReason.SyncFailed, message, observedGeneration: status.observedGeneration } as const;
  return { ...status, disruptionsAllowed: 0, conditions: setStatusCondition(status.conditions, condition, now) };
}
