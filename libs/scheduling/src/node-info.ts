import type { KubeObject } from '@kronicle/contracts';
import { addResources, resourceList } from './resources';
import type { NodeInfo, PodInfo, Taint } from './types';

interface NodeSpec {
  unschedulable?: boolean;
  taints?: Taint[];
}

export function nodeInfo(node: KubeObject): NodeInfo {
  const spec = (node.spec ?? {}) as NodeSpec;
  const status = (node.status ?? {}) as { allocatable?: Record<string, string>; capacity?: Record<string, string> };
  return {
    name: node.metadata.name ?? '',
    labels: node.metadata.labels ?? {},
    taints: spec.taints ?? [],
    unschedulable: spec.unschedulable === true,
    allocatable: resourceList(status.allocatable ?? status.capacity),
    requested: {},
    nonZeroRequested: {},
    pods: [],
    usedPorts: [],
  };
}

/** Accounts a pod on the node, bound or assumed. */
export function addPod(node: NodeInfo, pod: PodInfo): void {
  node.pods.push(pod);
  addResources(node.requested, pod.requests);
  addResources(node.nonZeroRequested, pod.nonZeroRequests);
  node.usedPorts.push(...pod.hostPorts);
}
