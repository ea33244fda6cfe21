import { tolerates } from '../taints';
import { unresolvable, type FilterPlugin } from './filter';

const cordoned = unresolvable('node(s) were unschedulable');

/**
 * Upstream NodeUnschedulable: a cordoned node takes only pods tolerating its unschedulable taint.
 * Skipped when no node is cordoned.
 */
export const nodeUnschedulable: FilterPlugin = {
  name: 'NodeUnschedulable',
  prepare(pod, snapshot) {
    if (!snapshot.anyCordoned || tolerates(pod.tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) return undefined;
    return (node) => (node.unschedulable ? cordoned : undefined);
  },
};
