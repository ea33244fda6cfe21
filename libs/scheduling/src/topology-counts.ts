import { labelSelectorMatches } from './labels';
import { nodeMatchesPodAffinity } from './filters/node-affinity';
import type { Snapshot } from './snapshot';
import type { PodInfo, TopologySpreadConstraint } from './types';

export interface DomainCounts {
  /** Matching pods per value of the topology key, for every domain of an eligible node. */
  counts: Map<string, number>;
  /** The smallest count over those domains (0 when there are fewer than minDomains). */
  min: number;
  /** 1 when the incoming pod itself matches the constraint's selector. */
  selfMatch: number;
}

/**
 * Upstream PodTopologySpread's pre-computation: among nodes the pod could go to by node affinity
 * and that have every constraint's topology key, count the placed pods of the pod's namespace that
 * match the constraint's selector, per domain.
 */
export function domainCounts(pod: PodInfo, constraints: TopologySpreadConstraint[], snapshot: Snapshot): DomainCounts[] {
  const keys = constraints.map((c) => c.topologyKey);
  const eligible = snapshot.nodes.filter((node) => keys.every((key) => node.labels[key] !== undefined) && nodeMatchesPodAffinity(pod, node));
  const eligibleNames = new Set(eligible.map((n) => n.name));
  return constraints.map((constraint) => {
    const counts = new Map<string, number>();
    for (const node of eligible) counts.set(node.labels[constraint.topologyKey], 0);
    for (const placed of snapshot.podsIn(pod.namespace)) {
      if (!eligibleNames.has(placed.nodeName!) || placed.object.metadata.deletionTimestamp) continue;
      if (!labelSelectorMatches(constraint.labelSelector, placed.labels)) continue;
      const value = snapshot.node(placed.nodeName!)!.labels[constraint.topologyKey];
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    const min = counts.size < (constraint.minDomains ?? 1) ? 0 : Math.min(...counts.values());
    return { counts, min: Number.isFinite(min) ? min : 0, selfMatch: labelSelectorMatches(constraint.labelSelector, pod.labels) ? 1 : 0 };
  });
}
