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
  prepare(pod, snapshot) {
    const constraints = pod.topologySpread.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway');
    if (constraints.length === 0) return undefined;
    const counted = domainCounts(pod, constraints, snapshot);
    return (node) =>
      constraints.reduce((sum, c, i) => {
        const value = node.labels[c.topologyKey];
        const weight = Math.log(counted[i].counts.size + 2);
        return sum + (value === undefined ? 0 : ((counted[i].counts.get(value) ?? 0) + c.maxSkew - 1) * weight);
      }, 0);
  },
  normalize(scores) {
    const max = Math.max(...scores);
    const min = Math.min(...scores);
    if (max === min) return scores.map(() => MAX_NODE_SCORE);
    return scores.map((s) => Math.floor((MAX_NODE_SCORE * (max + min - s)) / max));
  },
};
