import { unresolvable, type FilterPlugin } from './filter';

const elsewhere = unresolvable("node(s) didn't match the requested node name");

/** Upstream NodeName: a pod naming a node fits only there; any node fits a pod naming none. */
export const nodeName: FilterPlugin = {
  name: 'NodeName',
  prepare(pod) {
    const wanted = pod.nodeName;
    return wanted ? (node) => (node.name === wanted ? undefined : elsewhere) : undefined;
  },
};
