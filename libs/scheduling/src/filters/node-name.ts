import { unresolvable, type FilterPlugin } from './filter';

/** Upstream NodeName: a pod naming a node fits only there. */
export const nodeName: FilterPlugin = {
  name: 'NodeName',
  filter: (pod, node) => (pod.nodeName && pod.nodeName !== node.name ? unresolvable("node(s) didn't match the requested node name") : undefined),
};
