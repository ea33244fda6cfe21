import { unschedulable, type FilterPlugin } from './filter';

/** Order of upstream's insufficient-resource checks; extended resources follow by name. */
const ORDER = ['cpu', 'memory', 'ephemeral-storage'];

/**
 * Upstream NodeResourcesFit: the pod count against allocatable pods, then every resource the pod
 * requests against what is left of the node's allocatable.
 */
export const nodeResourcesFit: FilterPlugin = {
  name: 'NodeResourcesFit',
  prepare(pod) {
    // The pod's requested resources, in reporting order, once per pod rather than once per node.
    const names = Object.keys(pod.requests).filter((r) => r !== 'pods' && pod.requests[r] > 0);
    names.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
    return (node) => {
      const reasons: string[] = [];
      if ((node.requested.pods ?? 0) + 1 > (node.allocatable.pods ?? 0)) reasons.push('Too many pods');
      for (const resource of names) {
        if (pod.requests[resource] > (node.allocatable[resource] ?? 0) - (node.requested[resource] ?? 0)) reasons.push(`Insufficient ${resource}`);
      }
      return reasons.length ? unschedulable(...reasons) : undefined;
    };
  },
};

function rank(resource: string): number {
  const index = ORDER.indexOf(resource);
  return index < 0 ? ORDER.length : index;
}
