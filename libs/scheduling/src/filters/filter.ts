import type { Snapshot } from '../snapshot';
import type { FilterStatus, NodeInfo, PodInfo } from '../types';

/**
 * One of upstream's Filter plugins. `prepare` is its PreFilter: what the plugin computes once per pod
 * from the whole snapshot, so `filter` is cheap per node.
 */
export interface FilterPlugin {
  name: string;
  prepare?(pod: PodInfo, snapshot: Snapshot): (node: NodeInfo) => FilterStatus | undefined;
  filter?(pod: PodInfo, node: NodeInfo): FilterStatus | undefined;
}

export const unschedulable = (...reasons: string[]): FilterStatus => ({ reasons, unresolvable: false });
export const unresolvable = (...reasons: string[]): FilterStatus => ({ reasons, unresolvable: true });
