import type { KubeObject } from '@kronicle/contracts';
import { addResources, resourceList } from './resources';
import type { NodeInfo, PodInfo, Resources, Taint } from './types';

interface NodeSpec {
  unschedulable?: boolean;
  taints?: Taint[];
}

/** What the node offers to pods: its allocatable, else its capacity. */
export function nodeAllocatable(node: KubeObject): Resources {
  const status = (node.status ?? {}) as { allocatable?: Record<string, string>; capacity?: Record<string, string> };
  return resourceList(status.allocatable ?? status.capacity);
}

/** A node with nothing placed yet. `allocatable` is only read, so a parsed one may be shared between snapshots. */
export function nodeInfo(node: KubeObject, allocatable: Resources = nodeAllocatable(node)): NodeInfo {
  const spec = (node.spec ?? {}) as NodeSpec;
  return {
    name: node.metadata.name ?? '',
    labels: node.metadata.labels ?? {},
    taints: spec.taints ?? [],
    unschedulable: spec.unschedulable === true,
    allocatable,
    requested: {},
    nonZeroRequested: {},
    pods: [],
    podsWithRequiredAntiAffinity: [],
    usedPorts: [],
  };
}

/**
 * The same node with the same pods, to assume more into without changing `node`. Written out as
 * `nodeInfo` writes it and arrays copied with slice: a copy then has the same shape as an original,
 * and an empty array stays one that takes pods, so the scheduling loop never deoptimizes on it.
 */
export function copyNodeInfo(node: NodeInfo): NodeInfo {
  const { name, labels, taints, unschedulable, allocatable } = node;
  return {
    name,
    labels,
    taints,
    unschedulable,
    allocatable,
    requested: { ...node.requested },
    nonZeroRequested: { ...node.nonZeroRequested },
    pods: node.pods.slice(),
    podsWithRequiredAntiAffinity: node.podsWithRequiredAntiAffinity.slice(),
    usedPorts: node.usedPorts.slice(),
  };
}

/** Accounts a pod on the node, bound or assumed. */
export function addPod(node: NodeInfo, pod: PodInfo): void {
  node.pods.push(pod);
  if (pod.requiredAntiAffinity.length) node.podsWithRequiredAntiAffinity.push(pod);
  addResources(node.requested, pod.requests);
  addResources(node.nonZeroRequested, pod.nonZeroRequests);
  if (pod.hostPorts.length) node.usedPorts.push(...pod.hostPorts);
}

/** Takes a pod accounted with addPod off the node again (upstream's NodeInfo.RemovePod); a pod not on it changes nothing. */
export function removePod(node: NodeInfo, pod: PodInfo): void {
  const i = node.pods.indexOf(pod);
  if (i < 0) return;
  node.pods.splice(i, 1);
  addResources(node.requested, pod.requests, -1);
  addResources(node.nonZeroRequested, pod.nonZeroRequests, -1);
  if (pod.requiredAntiAffinity.length) node.podsWithRequiredAntiAffinity.splice(node.podsWithRequiredAntiAffinity.indexOf(pod), 1);
  for (const port of pod.hostPorts) node.usedPorts.splice(node.usedPorts.indexOf(port), 1);
}
