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

/** A kubelet starting and registering its node, Ready at once (a simulated node has no runtime to wait for). */
export function registrationEvents(nodeName: string, now: Date): ObjectWrite[] {
  return [
    nodeEvent(nodeName, 'Starting', 'Starting kubelet.', now),
    statusIsNow(nodeName, 'NodeHasSufficientMemory', now),
    statusIsNow(nodeName, 'NodeHasNoDiskPressure', now),
    statusIsNow(nodeName, 'NodeHasSufficientPID', now),
    nodeEvent(nodeName, 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods', now),
    statusIsNow(nodeName, 'NodeReady', now),
  ];
}

/** The node reported Ready again after the node lifecycle had marked it Unknown. */
export function readyAgainEvent(nodeName: string, now: Date): ObjectWrite {
  return statusIsNow(nodeName, 'NodeReady', now);
}

/** The kubelet noticed `spec.unschedulable` change (kubectl cordon, uncordon). */
export function schedulableEvent(nodeName: string, unschedulable: boolean, now: Date): ObjectWrite {
  return statusIsNow(nodeName, unschedulable ? 'NodeNotSchedulable' : 'NodeSchedulable', now);
}
