import { tolerates } from '../taints';
import { unresolvable, type FilterPlugin } from './filter';

/** Upstream TaintToleration: the first NoSchedule or NoExecute taint the pod does not tolerate rejects the node. */
export const taintToleration: FilterPlugin = {
  name: 'TaintToleration',
  prepare: (pod) => (node) => {
    for (const taint of node.taints) {
      if ((taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') && !tolerates(pod.tolerations, taint)) {
        return unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
      }
    }
    return undefined;
  },
};
