import { MAX_NODE_SCORE, type ScorePlugin } from './score';

/** One resource's share left free after placing the pod, 0 when it does not fit. */
function free(capacity: number | undefined, requested: number): number {
  return capacity && requested <= capacity ? Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity) : 0;
}

/**
 * Upstream NodeResourcesFit's default LeastAllocated strategy on cpu and memory (weights 1):
 * the share left free after placing the pod, with non-zero default requests.
 * Example: 4000m allocatable, 1000m requested, pod 1000m: (4000-2000)*100/4000 = 50.
 */
export const leastAllocated: ScorePlugin = {
  name: 'NodeResourcesFit',
  weight: 1,
  score(pod, _snapshot, feasible) {
    const cpu = pod.nonZeroRequests.cpu ?? 0;
    const memory = pod.nonZeroRequests.memory ?? 0;
    const scores = new Float64Array(feasible.length);
    for (let i = 0; i < feasible.length; i++) {
      const { allocatable, nonZeroRequested } = feasible[i];
      scores[i] = Math.floor((free(allocatable.cpu, (nonZeroRequested.cpu ?? 0) + cpu) + free(allocatable.memory, (nonZeroRequested.memory ?? 0) + memory)) / 2);
    }
    return scores;
  },
};
