import { domainCounts } from '../topology-counts';
import { MAX_NODE_SCORE, type ScorePlugin } from './score';

/**
 * Upstream PodTopologySpread scoring of ScheduleAnyway constraints: fewer matching pods in the
 * node's domains scores higher; each constraint weighs log(domains + 2), as upstream. Skipped
 * without such constraints.
 */
export const topologySpread: ScorePlugin = {
  name: 'PodTopologySpread',
  weight: 2,
  score(pod, snapshot, feasible) {
    const constraints = pod.topologySpread.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway');
    if (constraints.length === 0) return undefined;
    const counted = domainCounts(pod, constraints, snapshot);
    const weights = counted.map(({ counts }) => Math.log(counts.size + 2));
    const scores = new Float64Array(feasible.length);
    for (let i = 0; i < feasible.length; i++) {
      for (let c = 0; c < constraints.length; c++) {
        const value = feasible[i].labels[constraints[c].topologyKey];
        if (value !== undefined) scores[i] += ((counted[c].counts.get(value) ?? 0) + constraints[c].maxSkew - 1) * weights[c];
      }
    }
    return scores;
  },
  normalize(scores) {
    const max = Math.max(...scores);
    const min = Math.min(...scores);
    if (max === min) return scores.map(() => MAX_NODE_SCORE);
    return scores.map((s) => Math.floor((MAX_NODE_SCORE * (max + min - s)) / max));
  },
};
