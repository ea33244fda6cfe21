import type { FilterPlugin } from './filter';
import { interPodAffinity } from './inter-pod-affinity';
import { nodeAffinity } from './node-affinity';
import { nodeName } from './node-name';
import { nodePorts } from './node-ports';
import { nodeResourcesFit } from './node-resources-fit';
import { nodeUnschedulable } from './node-unschedulable';
import { podTopologySpread } from './pod-topology-spread';
import { taintToleration } from './taint-toleration';

export type { FilterPlugin, NodeFilter } from './filter';
export { nodeMatchesPodAffinity } from './node-affinity';
export { hostPortsTaken } from './node-ports';

/** Upstream's default Filter plugins that apply here, in upstream's order (the first failure names the node's reason). */
export const defaultFilters: FilterPlugin[] = [nodeUnschedulable, nodeName, taintToleration, nodeAffinity, nodePorts, nodeResourcesFit, podTopologySpread, interPodAffinity];
