import type { Snapshot } from '../snapshot';
import type { FilterStatus, NodeInfo, PodInfo } from '../types';

export type NodeFilter = (node: NodeInfo) => FilterStatus | undefined;

/**
 * One of upstream's Filter plugins. `prepare` is its PreFilter: what the plugin computes once per pod
 * from the whole snapshot, so the per-node check it returns is cheap. It returns undefined where
 * upstream's PreFilter returns Skip (the plugin rejects no node for this pod), so no node pays for it.
 */
export interface FilterPlugin {
  name: string;
  /** A rejection of the pod before any node is looked at (upstream's PreFilter returning Unschedulable): every node fails with it. */
  preFilter?(pod: PodInfo, snapshot: Snapshot): FilterStatus | undefined;
  prepare(pod: PodInfo, snapshot: Snapshot): NodeFilter | undefined;
}

export const unschedulable = (...reasons: string[]): FilterStatus => ({ reasons, unresolvable: false });
export const unresolvable = (...reasons: string[]): FilterStatus => ({ reasons, unresolvable: true });
