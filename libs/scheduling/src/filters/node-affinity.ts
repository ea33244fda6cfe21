import { nodeSelectorTermsMatch } from '../labels';
import type { NodeInfo, PodInfo } from '../types';
import { unresolvable, type FilterPlugin } from './filter';

/** `spec.nodeSelector` and required node affinity both hold (upstream's RequiredNodeAffinity.Match). */
export function nodeMatchesPodAffinity(pod: PodInfo, node: NodeInfo): boolean {
  for (const [key, value] of Object.entries(pod.nodeSelector)) if (node.labels[key] !== value) return false;
  return !pod.requiredNodeAffinity || nodeSelectorTermsMatch(pod.requiredNodeAffinity, node.name, node.labels);
}

/** Upstream NodeAffinity (which also judges the nodeSelector). */
export const nodeAffinity: FilterPlugin = {
  name: 'NodeAffinity',
  filter: (pod, node) => (nodeMatchesPodAffinity(pod, node) ? undefined : unresolvable("node(s) didn't match Pod's node affinity/selector")),
};
