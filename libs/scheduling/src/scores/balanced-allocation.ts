import { MAX_NODE_SCORE, type ScorePlugin } from './score';

/** The fraction of a resource used once the pod is placed, capped at 1 (and 1 without capacity). */
function fraction(capacity: number | undefined, requested: number): number {
  return capacity !== undefined && capacity > 0 ? Math.min(1, requested / capacity) : 1;
}

/**
 * Upstream NodeResourcesBalancedAllocation on cpu and memory: favours nodes whose cpu and memory
 * fractions stay close. With two resources the standard deviation is half their difference.
 * Example: cpu 50% and memory 10% used after placing: (1 - 0.2) * 100 = 80.
 */
export const balancedAllocation: ScorePlugin = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  score(pod, _snapshot, feasible) {
    const cpu = pod.requests.cpu ?? 0;
    const memory = pod.requests.memory ?? 0;
    const scores = new Float64Array(feasible.length);
    for (let i = 0; i < feasible.length; i++) {
      const { allocatable, requested } = feasible[i];
      const std = Math.abs(fraction(allocatable.cpu, (requested.cpu ?? 0) + cpu) - fraction(allocatable.memory, (requested.memory ?? 0) + memory)) / 2;
      scores[i] = Math.floor((1 - std) * MAX_NODE_SCORE);
    }
    return scores;
  },
};
