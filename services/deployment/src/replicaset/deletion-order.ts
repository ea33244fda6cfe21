import { type Pod, timeOf } from '@kronicle/pod-control';
import { isPodReady } from '@kronicle/contracts';
import { isPodActive } from '@kronicle/pod-control';
import { readySince } from './pod-state';

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
  // Each pod's facts are read once, not in every one of the sort's N log N comparisons.
  const ranked = pods.map((pod) => deletionFacts(pod, onNode.get(nodeOf(pod)) ?? 0, now.getTime()));
  ranked.sort(compareForDeletion);
  return ranked.slice(0, count).map((r) => r.pod);
}

function nodeOf(pod: Pod): string {
  return pod.spec?.nodeName ?? '';
}

/** What the deletion order compares of a pod; `rank` counts pods of the same owner on its node. */
interface DeletionFacts {
  pod: Pod;
  node: string;
  phase: number;
  ready: boolean;
  cost: number;
  rank: number;
  readySince: AgeRank;
  restarts: number;
  created: AgeRank;
  uid: string;
}

/** A time and its age on upstream's log2 scale. */
interface AgeRank {
  time: number | undefined;
  log: number;
}

function deletionFacts(pod: Pod, rank: number, now: number): DeletionFacts {
  const ageRank = (time: number | undefined): AgeRank => ({ time, log: time === undefined ? -1 : logRank(now - time) });
  return {
    pod,
    node: nodeOf(pod),
    phase: phaseOrdinal[pod.status?.phase ?? ''] ?? 0,
    ready: isPodReady(pod),
    cost: deletionCost(pod),
    rank,
    readySince: ageRank(readySince(pod)),
    restarts: maxRestarts(pod),
    created: ageRank(timeOf(pod.metadata.creationTimestamp)),
    uid: pod.metadata.uid ?? '',
  };
}

/** Negative when `a` should be deleted before `b`. */
function compareForDeletion(a: DeletionFacts, b: DeletionFacts): number {
  if (a.node !== b.node && (!a.node || !b.node)) return a.node ? 1 : -1;
  if (a.phase !== b.phase) return a.phase - b.phase;
  if (a.ready !== b.ready) return a.ready ? 1 : -1;
  if (a.cost !== b.cost) return a.cost - b.cost;
  if (a.rank !== b.rank) return b.rank - a.rank;
  if (a.ready && b.ready) {
    const byReady = newerFirst(a.readySince, b.readySince, a.uid, b.uid);
    if (byReady !== 0) return byReady;
  }
  const restarts = b.restarts - a.restarts;
  if (restarts !== 0) return restarts;
  return newerFirst(a.created, b.created, a.uid, b.uid);
}

/** Missing times first, then newer before older on a log2 scale of age; equal ranks by uid. */
function newerFirst(a: AgeRank, b: AgeRank, uidA: string, uidB: string): number {
  if (a.time === b.time) return 0;
  if (a.time === undefined || b.time === undefined) return a.time === undefined ? -1 : 1;
  const diff = a.log - b.log;
  if (diff !== 0) return diff;
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
