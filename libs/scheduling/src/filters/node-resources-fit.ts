import type { NodeInfo } from '../types';
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
    const amounts = names.map((r) => pod.requests[r]);
    /** How many of the pod's resources, from the first, the node has room for. */
    const roomFor = (node: NodeInfo, from: number) => {
      let i = from;
      while (i < names.length && amounts[i] <= (node.allocatable[names[i]] ?? 0) - (node.requested[names[i]] ?? 0)) i++;
      return i;
    };
    return (node) => {
      const tooMany = (node.requested.pods ?? 0) + 1 > (node.allocatable.pods ?? 0);
      let i = roomFor(node, 0);
      if (!tooMany && i === names.length) return undefined;
      // Only a rejected node pays for its reasons.
      const reasons = tooMany ? ['Too many pods'] : [];
      for (; i < names.length; i = roomFor(node, i + 1)) reasons.push(`Insufficient ${names[i]}`);
      return unschedulable(...reasons);
    };
  },
};

function rank(resource: string): number {
  const index = ORDER.indexOf(resource);
  return index < 0 ? ORDER.length : index;
}
