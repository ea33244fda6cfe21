import type { Snapshot } from '../snapshot';
import type { NodeInfo, PodInfo } from '../types';

export const MAX_NODE_SCORE = 100;

/**
 * One of upstream's Score plugins with its default weight. `prepare` gives the per-node raw score,
 * or undefined where upstream's PreScore returns Skip (the plugin would score every node alike);
 * `normalize` (upstream's NormalizeScore) maps the raw scores of all feasible nodes to 0..100.
 */
export interface ScorePlugin {
  name: string;
  weight: number;
  prepare(pod: PodInfo, snapshot: Snapshot, feasible: NodeInfo[]): ((node: NodeInfo) => number) | undefined;
  normalize?(scores: number[]): number[];
}
