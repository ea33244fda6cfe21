import { nodeSelectorTermsMatch } from '../labels';
import type { NodeInfo, PodInfo } from '../types';
import { unresolvable, type FilterPlugin } from './filter';

/** `spec.nodeSelector` and required node affinity both hold (upstream's RequiredNodeAffinity.Match). */
export function nodeMatchesPodAffinity(pod: PodInfo, node: NodeInfo): boolean {
  for (const key in pod.nodeSelector) if (node.labels[key] !== pod.nodeSelector[key]) return false;
  return !pod.requiredNodeAffinity || nodeSelectorTermsMatch(pod.requiredNodeAffinity, node.name, node.labels);
}

const mismatch = unresolvable("node(s) didn't match Pod's node affinity/selector");

/** Upstream NodeAffinity (which also judges the nodeSelector); skipped for a pod with neither. */
export const nodeAffinity: FilterPlugin = {
  name: 'NodeAffinity',
  prepare(pod) {
    if (!pod.requiredNodeAffinity && Object.keys(pod.nodeSelector).length === 0) return undefined;
    return (node) => (nodeMatchesPodAffinity(pod, node) ? undefined : mismatch);
  },
};
