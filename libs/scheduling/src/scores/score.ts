import type { Snapshot } from '../snapshot';
import type { NodeInfo, PodInfo } from '../types';

export const MAX_NODE_SCORE = 100;

/**
 * One of upstream's Score plugins with its default weight. `score` gives the raw score of every
 * feasible node, in their order, in one call (one tight loop per plugin and pod, not a call per
 * node); undefined where upstream's PreScore returns Skip (the plugin would score every node alike).
 * `normalize` (upstream's NormalizeScore) maps the raw scores of all feasible nodes to 0..100.
 */
export interface ScorePlugin {
  name: string;
  weight: number;
  score(pod: PodInfo, snapshot: Snapshot, feasible: NodeInfo[]): Float64Array | undefined;
  normalize?(scores: Float64Array): Float64Array;
}
