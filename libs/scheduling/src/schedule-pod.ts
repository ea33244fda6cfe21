import { defaultFilters, type FilterPlugin, type NodeFilter } from './filters';
import { defaultScores, type ScorePlugin } from './scores';
import type { Snapshot } from './snapshot';
import type { FilterStatus, NodeInfo, PodInfo } from './types';

/**
 * Unschedulable: how many nodes there are, and why each one examined was rejected (FitError's
 * diagnosis); `preFilter`, when a PreFilter rejected the pod before any node was looked at.
 */
export type ScheduleResult = { kind: 'bound'; nodeName: string } | { kind: 'unschedulable'; nodeCount: number; statuses: FilterStatus[]; preFilter?: string };

export interface Profile {
  filters: FilterPlugin[];
  scores: ScorePlugin[];
  /** Upstream's percentageOfNodesToScore (0 to 100): how many feasible nodes are enough to score; 0 adapts to the cluster's size. */
  percentageOfNodesToScore?: number;
}

export const defaultProfile: Profile = { filters: defaultFilters, scores: defaultScores };

/** Upstream's minFeasibleNodesToFind and minFeasibleNodesPercentageToFind. */
const MIN_FEASIBLE_NODES = 100;
const MIN_FEASIBLE_PERCENTAGE = 5;

/**
 * Upstream's numFeasibleNodesToFind: all nodes below 100; otherwise the percentage of them, never
 * fewer than 100. The adaptive percentage (0) is 50% less 1% per 125 nodes, at least 5%:
 * 1,000 nodes need 420 feasible ones, 5,000 nodes 500.
 */
export function feasibleNodesToFind(nodeCount: number, percentageOfNodesToScore = 0): number {
  if (nodeCount < MIN_FEASIBLE_NODES) return nodeCount;
  const percentage = percentageOfNodesToScore || Math.max(MIN_FEASIBLE_PERCENTAGE, 50 - Math.floor(nodeCount / 125));
  return Math.min(nodeCount, Math.max(MIN_FEASIBLE_NODES, Math.floor((nodeCount * percentage) / 100)));
}

/**
 * One scheduling cycle for one pod against the snapshot (upstream's schedulePod): filter nodes from
 * the snapshot's search start until enough are feasible, then move the start past the nodes
 * examined, so the search rotates over the cluster (upstream's nextStartNodeIndex). Score the
 * feasible nodes and take the best (the first in search order among equals). A placed pod is
 * assumed into the snapshot at once. When no node fits, every node was examined and is counted.
 */
export function schedulePod(pod: PodInfo, snapshot: Snapshot, profile: Profile = defaultProfile): ScheduleResult {
  const nodes = snapshot.nodes;
  for (const plugin of profile.filters) {
    const rejected = plugin.preFilter?.(pod, snapshot);
    if (rejected) return { kind: 'unschedulable', nodeCount: nodes.length, statuses: nodes.map(() => rejected), preFilter: rejected.reasons.join(', ') };
  }
  const check = nodeFilter(pod, snapshot, profile);
  const wanted = feasibleNodesToFind(nodes.length, profile.percentageOfNodesToScore);
  const start = nodes.length ? snapshot.searchStart % nodes.length : 0;
  const feasible: NodeInfo[] = [];
  const rejected: FilterStatus[] = [];
  let visited = 0;
  for (; visited < nodes.length && feasible.length < wanted; visited++) {
    const index = start + visited;
    const node = nodes[index < nodes.length ? index : index - nodes.length];
    const status = check(node);
    if (status) rejected.push(status);
    else feasible.push(node);
  }
  snapshot.searchStart = nodes.length ? (start + visited) % nodes.length : 0;
  if (feasible.length === 0) return { kind: 'unschedulable', nodeCount: nodes.length, statuses: rejected };
  // As upstream, a single feasible node needs no scores.
  const chosen = feasible.length === 1 ? feasible[0] : best(pod, snapshot, profile.scores, feasible);
  snapshot.assume(pod, chosen.name);
  return { kind: 'bound', nodeName: chosen.name };
}

/** The profile's filters prepared for the pod (upstream's PreFilter), as one: a node's first rejection, if any. */
export function nodeFilter(pod: PodInfo, snapshot: Snapshot, profile: Profile): NodeFilter {
  const checks: NodeFilter[] = [];
  for (const plugin of profile.filters) {
    const check = plugin.prepare(pod, snapshot);
    if (check) checks.push(check);
  }
  return (node) => {
    let status: FilterStatus | undefined;
    for (let i = 0; i < checks.length && !status; i++) status = checks[i](node);
    return status;
  };
}

/** The feasible node with the highest weighted score, the first in search order among equals. */
function best(pod: PodInfo, snapshot: Snapshot, plugins: ScorePlugin[], feasible: NodeInfo[]): NodeInfo {
  const totals = new Float64Array(feasible.length);
  for (const plugin of plugins) {
    const raw = plugin.score(pod, snapshot, feasible);
    if (!raw) continue;
    const scores = plugin.normalize ? plugin.normalize(raw) : raw;
    for (let i = 0; i < totals.length; i++) totals[i] += scores[i] * plugin.weight;
  }
  let chosen = 0;
  for (let i = 1; i < totals.length; i++) if (totals[i] > totals[chosen]) chosen = i;
  return feasible[chosen];
}
