import { defaultFilters, type FilterPlugin } from './filters';
import { fitErrorMessage } from './fit-error';
import { defaultScores, type ScorePlugin } from './scores';
import type { Snapshot } from './snapshot';
import type { FilterStatus, NodeInfo, PodInfo } from './types';

export type ScheduleResult = { kind: 'bound'; nodeName: string } | { kind: 'unschedulable'; message: string };

export interface Profile {
  filters: FilterPlugin[];
  scores: ScorePlugin[];
}

export const defaultProfile: Profile = { filters: defaultFilters, scores: defaultScores };

/**
 * Upstream's numFeasibleNodesToFind with the adaptive percentage: all nodes below 100, then
 * 50% less 1% per 125 nodes (at least 5%), never fewer than 100. 1,000 nodes: 420 are enough.
 */
export function feasibleNodesToFind(nodeCount: number): number {
  if (nodeCount < 100) return nodeCount;
  const percentage = Math.max(5, 50 - Math.floor(nodeCount / 125));
  return Math.max(100, Math.floor((nodeCount * percentage) / 100));
}

/**
 * One scheduling cycle for one pod against the snapshot (upstream's schedulePod): filter nodes,
 * starting where the previous pod stopped so that the search rotates over the cluster, score the
 * feasible ones and take the best (the first in search order among equals). A placed pod is
 * assumed into the snapshot at once.
 */
export function schedulePod(pod: PodInfo, snapshot: Snapshot, profile: Profile = defaultProfile): ScheduleResult {
  const nodes = snapshot.nodes;
  const checks = profile.filters.map((f) => (f.prepare ? f.prepare(pod, snapshot) : (node: NodeInfo) => f.filter!(pod, node)));
  const wanted = feasibleNodesToFind(nodes.length);
  const feasible: NodeInfo[] = [];
  const rejected: FilterStatus[] = [];
  let visited = 0;
  for (; visited < nodes.length && feasible.length < wanted; visited++) {
    const node = nodes[(snapshot.searchStart + visited) % nodes.length];
    let status: FilterStatus | undefined;
    for (const check of checks) if ((status = check(node))) break;
    if (status) rejected.push(status);
    else feasible.push(node);
  }
  snapshot.searchStart = nodes.length ? (snapshot.searchStart + visited) % nodes.length : 0;
  if (feasible.length === 0) return { kind: 'unschedulable', message: fitErrorMessage(nodes.length, rejected) };

  const totals = new Array<number>(feasible.length).fill(0);
  for (const plugin of profile.scores) {
    const score = plugin.prepare(pod, snapshot, feasible);
    const raw = feasible.map(score);
    (plugin.normalize ? plugin.normalize(raw) : raw).forEach((s, i) => (totals[i] += s * plugin.weight));
  }
  let best = 0;
  for (let i = 1; i < totals.length; i++) if (totals[i] > totals[best]) best = i;
  const nodeName = feasible[best].name;
  snapshot.assume(pod, nodeName);
  return { kind: 'bound', nodeName };
}
