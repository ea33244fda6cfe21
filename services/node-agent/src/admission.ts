import type { KubeObject } from '@kronicle/contracts';
import { statusOf } from '@kronicle/pod-lifecycle';
import type { StoredObject } from '@kronicle/projection';
import { addPod, kubeletAdmission, nodeInfo, podInfo, type AdmissionRejection, type NodeInfo, type PodInfo } from '@kronicle/scheduling';

/**
 * A kubelet's admission over one reconcile of its node's pods: a pod counts against the node once the
 * kubelet has taken it (it has a start time) until it has finished, and each pod admitted in this
 * reconcile counts for the next. The node's pods are gathered when a pod first needs admitting.
 * `node` is the registered Node or, before it is, the one the kubelet is about to register (upstream's
 * getNodeAnyWay): a pod bound to a node that is still registering is measured all the same.
 */
export function kubeletAdmitter(node: KubeObject, podsOfNode: () => StoredObject[]): (pod: KubeObject) => AdmissionRejection | undefined {
  let admitted: NodeInfo | undefined;
  return (pod) => {
    admitted ??= takenBy(node, podsOfNode());
    const candidate = infoOf(pod);
    const rejection = kubeletAdmission(candidate, admitted);
    if (!rejection) addPod(admitted, candidate);
    return rejection;
  };
}

function takenBy(node: KubeObject, podsOfNode: StoredObject[]): NodeInfo {
  const info = nodeInfo(node);
  for (const { object } of podsOfNode) {
    const { startTime, phase } = statusOf(object);
    if (startTime && phase !== 'Succeeded' && phase !== 'Failed') addPod(info, infoOf(object));
  }
  return info;
}

/** A pod's requests, ports and affinity as read once per version: a settled pod is measured again at every reconcile that admits another. */
const infos = new WeakMap<KubeObject, PodInfo>();
function infoOf(pod: KubeObject): PodInfo {
  let info = infos.get(pod);
  if (!info) infos.set(pod, (info = podInfo(pod)));
  return info;
}
