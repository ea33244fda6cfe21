import { MAX_NODE_SCORE, type ScorePlugin } from './score';

const RESOURCES = ['cpu', 'memory'];

/**
 * Upstream NodeResourcesFit's default LeastAllocated strategy on cpu and memory (weights 1):
 * the share left free after placing the pod, with non-zero default requests.
 * Example: 4000m allocatable, 1000m requested, pod 1000m: (4000-2000)*100/4000 = 50.
 */
export const leastAllocated: ScorePlugin = {
  name: 'NodeResourcesFit',
  weight: 1,
  prepare: (pod) => (node) => {
    let total = 0;
    for (const r of RESOURCES) {
      const capacity = node.allocatable[r] ?? 0;
      const requested = (node.nonZeroRequested[r] ?? 0) + (pod.nonZeroRequests[r] ?? 0);
      if (capacity > 0 && requested <= capacity) total += Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
    }
    return Math.floor(total / RESOURCES.length);
  },
};
