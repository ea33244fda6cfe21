import { domainCounts } from '../topology-counts';
import { unresolvable, unschedulable, type FilterPlugin } from './filter';

/** Upstream PodTopologySpread filter: DoNotSchedule constraints keep the skew within maxSkew; skipped without any. */
export const podTopologySpread: FilterPlugin = {
  name: 'PodTopologySpread',
  prepare(pod, snapshot) {
    const constraints = pod.topologySpread.filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
    if (constraints.length === 0) return undefined;
    const counted = domainCounts(pod, constraints, snapshot);
    return (node) => {
      for (let i = 0; i < constraints.length; i++) {
        const value = node.labels[constraints[i].topologyKey];
        if (value === undefined) return unresolvable("node(s) didn't match pod topology spread constraints (missing required label)");
        const { counts, min, selfMatch } = counted[i];
        if ((counts.get(value) ?? 0) + selfMatch - min > constraints[i].maxSkew) return unschedulable("node(s) didn't match pod topology spread constraints");
      }
      return undefined;
    };
  },
};
