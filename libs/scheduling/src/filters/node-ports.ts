import type { HostPort, NodeInfo, PodInfo } from '../types';
import { unschedulable, type FilterPlugin } from './filter';

/** Upstream HostPortInfo.CheckConflict: same protocol and port, and the same address or a wildcard on either side. */
function conflicts(a: HostPort, b: HostPort): boolean {
  return a.hostPort === b.hostPort && a.protocol === b.protocol && (a.hostIP === b.hostIP || a.hostIP === '0.0.0.0' || b.hostIP === '0.0.0.0');
}

/** Whether a host port the pod asks for is taken on the node (upstream nodeports.Fits, negated). */
export function hostPortsTaken(pod: PodInfo, node: NodeInfo): boolean {
  return pod.hostPorts.some((wanted) => node.usedPorts.some((used) => conflicts(wanted, used)));
}

const taken = unschedulable("node(s) didn't have free ports for the requested pod ports");

/** Upstream NodePorts; skipped for a pod without host ports. */
export const nodePorts: FilterPlugin = {
  name: 'NodePorts',
  prepare(pod) {
    if (pod.hostPorts.length === 0) return undefined;
    return (node) => (hostPortsTaken(pod, node) ? taken : undefined);
  },
};
