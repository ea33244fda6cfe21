import { tolerates } from '../taints';
import { unresolvable, type FilterPlugin } from './filter';

/** Upstream TaintToleration: the first NoSchedule or NoExecute taint the pod does not tolerate rejects the node. */
export const taintToleration: FilterPlugin = {
  name: 'TaintToleration',
  filter(pod, node) {
    const taint = node.taints.find((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(pod.tolerations, t));
    return taint ? unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`) : undefined;
  },
};
