import { tolerates } from '../taints';
import { unresolvable, type FilterPlugin } from './filter';

/** Upstream NodeUnschedulable: a cordoned node takes only pods tolerating its unschedulable taint. */
export const nodeUnschedulable: FilterPlugin = {
  name: 'NodeUnschedulable',
  filter(pod, node) {
    if (!node.unschedulable) return undefined;
    if (tolerates(pod.tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) return undefined;
    return unresolvable('node(s) were unschedulable');
  },
};
