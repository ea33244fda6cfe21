import { kubeEvent, type ObjectWrite } from '@kronicle/controller-runtime';

/**
 * The kubelet's Events about its own node. It names the node with its name as the uid and no
 * apiVersion (upstream's kubelet nodeRef); `kubectl describe node` looks for those beside the
 * controllers' ones, which carry the node's uid.
 */
function nodeEvent(nodeName: string, reason: string, message: string, now: Date): ObjectWrite {
  return kubeEvent({ regarding: { kind: 'Node', metadata: { name: nodeName, uid: nodeName } }, type: 'Normal', reason, message, component: 'kubelet', host: nodeName, now });
}

const statusIsNow = (nodeName: string, status: string, now: Date) => nodeEvent(nodeName, status, `Node ${nodeName} status is now: ${status}`, now);

export const STARTING_REASON = 'Starting';

/** The pressure conditions a simulated node reports False, and the Event upstream's setters record on that transition. */
const pressureConditions = [
  ['MemoryPressure', 'NodeHasSufficientMemory'],
  ['DiskPressure', 'NodeHasNoDiskPressure'],
  ['PIDPressure', 'NodeHasSufficientPID'],
] as const;

/**
 * A kubelet starting, Ready at once (a simulated node has no runtime to wait for). Upstream's kubelet
 * records these at every start, registered node or not: its initialNode runs the status setters on a
 * node without conditions, so each condition is new to it. A restart repeats them (counted on the
 * same Events).
 */
export function startingEvents(nodeName: string, now: Date): ObjectWrite[] {
  return [
    nodeEvent(nodeName, STARTING_REASON, 'Starting kubelet.', now),
    ...pressureConditions.map(([, reason]) => statusIsNow(nodeName, reason, now)),
    nodeEvent(nodeName, 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods', now),
    statusIsNow(nodeName, 'NodeReady', now),
  ];
}

/**
 * The node reported healthy again after the node lifecycle had marked every condition Unknown: an
 * Event for each condition that changes, as the setters record them.
 */
export function recoveredEvents(nodeName: string, conditions: readonly { type: string; status: string }[], now: Date): ObjectWrite[] {
  const status = (type: string) => conditions.find((c) => c.type === type)?.status;
  return [
    ...pressureConditions.filter(([type]) => status(type) !== 'False').map(([, reason]) => statusIsNow(nodeName, reason, now)),
    ...(status('Ready') === 'True' ? [] : [statusIsNow(nodeName, 'NodeReady', now)]),
  ];
}

/** The kubelet noticed `spec.unschedulable` change (kubectl cordon, uncordon). */
export function schedulableEvent(nodeName: string, unschedulable: boolean, now: Date): ObjectWrite {
  return statusIsNow(nodeName, unschedulable ? 'NodeNotSchedulable' : 'NodeSchedulable', now);
}
