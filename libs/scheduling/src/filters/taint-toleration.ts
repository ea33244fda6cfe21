import { schedulingTaint, tolerates } from '../taints';
import { unresolvable, type FilterPlugin } from './filter';

/**
 * Upstream TaintToleration: the first NoSchedule or NoExecute taint the pod does not tolerate rejects
 * the node. Skipped when no node has such a taint: it would reject none.
 */
export const taintToleration: FilterPlugin = {
  name: 'TaintToleration',
  prepare(pod, snapshot) {
    if (!snapshot.anyTainted) return undefined;
    return (node) => {
      for (const taint of node.taints) {
        if (schedulingTaint(taint) && !tolerates(pod.tolerations, taint)) return unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
      }
      return undefined;
    };
  },
};
