import { MAX_NODE_SCORE, type ScorePlugin } from './score';

/**
 * Upstream NodeResourcesBalancedAllocation on cpu and memory: favours nodes whose cpu and memory
 * fractions stay close. With two resources the standard deviation is half their difference.
 * Example: cpu 50% and memory 10% used after placing: (1 - 0.2) * 100 = 80.
 */
export const balancedAllocation: ScorePlugin = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  prepare: (pod) => (node) => {
    const fraction = (r: string) => {
      const capacity = node.allocatable[r] ?? 0;
      return capacity > 0 ? Math.min(1, ((node.requested[r] ?? 0) + (pod.requests[r] ?? 0)) / capacity) : 1;
    };
    const std = Math.abs(fraction('cpu') - fraction('memory')) / 2;
    return Math.floor((1 - std) * MAX_NODE_SCORE);
  },
};
