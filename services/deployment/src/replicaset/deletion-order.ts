import type { Pod } from '../shared/objects';
import { timeOf } from '../shared/objects';
import { isPodActive, isPodReady, readySince } from './pod-state';

const phaseOrdinal: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * Which pods to delete when scaling down by `count`, as upstream's `getPodsToDelete` with
 * `ActivePodsWithRanks`: unscheduled before scheduled, Pending < Unknown < Running, not ready before
 * ready, lower `pod-deletion-cost` first, pods doubled up on a node (counting `related` pods, those
 * of the same owner's other ReplicaSets) first, then ready for less time, more restarts, and newer —
 * times compared on a logarithmic scale (LogarithmicScaleDown), so pods of about the same age tie and
 * the uid decides.
 */
export function podsToDelete(pods: Pod[], related: Pod[], count: number, now: Date): Pod[] {
  if (count >= pods.length) return pods;
  const onNode = new Map<string, number>();
  for (const pod of related) if (isPodActive(pod)) onNode.set(nodeOf(pod), (onNode.get(nodeOf(pod)) ?? 0) + 1);
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(nodeOf(pod)) ?? 0 }));
  ranked.sort((a, b) => compareForDeletion(a.pod, a.rank, b.pod, b.rank, now.getTime()));
  return ranked.slice(0, count).map((r) => r.pod);
}

function nodeOf(pod: Pod): string {
  return pod.spec?.nodeName ?? '';
}

/** Negative when `a` should be deleted before `b`. */
export function compareForDeletion(a: Pod, rankA: number, b: Pod, rankB: number, now: number): number {
  const nodeA = nodeOf(a);
  const nodeB = nodeOf(b);
  if (nodeA !== nodeB && (!nodeA || !nodeB)) return nodeA ? 1 : -1;
  const phaseA = phaseOrdinal[a.status?.phase ?? ''] ?? 0;
  const phaseB = phaseOrdinal[b.status?.phase ?? ''] ?? 0;
  if (phaseA !== phaseB) return phaseA - phaseB;
  if (isPodReady(a) !== isPodReady(b)) return isPodReady(a) ? 1 : -1;
  const costA = deletionCost(a);
  const costB = deletionCost(b);
  if (costA !== costB) return costA - costB;
  if (rankA !== rankB) return rankB - rankA;
  if (isPodReady(a) && isPodReady(b)) {
    const byReady = newerFirst(readySince(a), readySince(b), a, b, now);
    if (byReady !== 0) return byReady;
  }
  const restarts = maxRestarts(b) - maxRestarts(a);
  if (restarts !== 0) return restarts;
  return newerFirst(timeOf(a.metadata.creationTimestamp), timeOf(b.metadata.creationTimestamp), a, b, now);
}

/** Missing times first, then newer before older on a log2 scale of age; equal ranks by uid. */
function newerFirst(timeA: number | undefined, timeB: number | undefined, a: Pod, b: Pod, now: number): number {
  if (timeA === timeB) return 0;
  if (timeA === undefined || timeB === undefined) return timeA === undefined ? -1 : 1;
  const diff = logRank(now - timeA) - logRank(now - timeB);
  if (diff !== 0) return diff;
  const uidA = a.metadata.uid ?? '';
  const uidB = b.metadata.uid ?? '';
  return uidA < uidB ? -1 : uidA > uidB ? 1 : 0;
}

/** Upstream's `int(math.Log2(float64(d)))` of a duration in nanoseconds; -1 for none. */
function logRank(ageMs: number): number {
  return ageMs > 0 ? Math.floor(Math.log2(ageMs * 1e6)) : -1;
}

function deletionCost(pod: Pod): number {
  const raw = pod.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'];
  const cost = raw === undefined ? 0 : Number(raw);
  return Number.isInteger(cost) ? cost : 0;
}

function maxRestarts(pod: Pod): number {
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  return Math.max(0, ...statuses.map((s) => s.restartCount ?? 0));
}
