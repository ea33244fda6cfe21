import type { NodeInfo } from '../types';
import { unschedulable, type FilterPlugin } from './filter';

/** Upstream's Resource struct names these; the pod count and extended resources come apart. */
const STANDARD = ['cpu', 'memory', 'ephemeral-storage'];

/** Whether a request of `amount` does not fit in what is left of the node's allocatable (no request always fits). */
const short = (amount = 0, allocatable = 0, requested = 0) => amount > 0 && amount > allocatable - requested;

const tooMany = (node: NodeInfo) => (node.requested.pods ?? 0) + 1 > (node.allocatable.pods ?? 0);

/**
 * Upstream NodeResourcesFit (fitsRequest): the pod count against allocatable pods, then cpu, memory,
 * ephemeral storage and the extended resources by name, each requested amount against what is left
 * of the node's allocatable.
 */
export const nodeResourcesFit: FilterPlugin = {
  name: 'NodeResourcesFit',
  prepare(pod) {
    const { requests } = pod;
    const extended = Object.keys(requests)
      .filter((r) => r !== 'pods' && !STANDARD.includes(r) && requests[r] > 0)
      .sort();
    const { cpu, memory, 'ephemeral-storage': storage } = requests;
    // Every passing node asks this, so the standard resources are read by name: read by a variable
    // key, they made this check half the cost of the whole search over nodes.
    const fits = (node: NodeInfo) => {
      const { allocatable: a, requested: r } = node;
      return (
        !tooMany(node) &&
        !short(cpu, a.cpu, r.cpu) &&
        !short(memory, a.memory, r.memory) &&
        !short(storage, a['ephemeral-storage'], r['ephemeral-storage']) &&
        (extended.length === 0 || extended.every((name) => !short(requests[name], a[name], r[name])))
      );
    };
    const names = [...STANDARD, ...extended];
    return (node) => {
      if (fits(node)) return undefined;
      // Only a rejected node pays for its reasons, in upstream's order.
      const reasons = tooMany(node) ? ['Too many pods'] : [];
      for (const name of names) if (short(requests[name], node.allocatable[name], node.requested[name])) reasons.push(`Insufficient ${name}`);
      return unschedulable(...reasons);
    };
  },
};
