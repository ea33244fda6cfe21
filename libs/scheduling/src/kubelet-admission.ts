import { hostPortsTaken, nodeMatchesPodAffinity } from './filters';
import { tolerates } from './taints';
import type { NodeInfo, PodInfo } from './types';

/** Why upstream's kubelet refuses to start a pod on its node, if it does. */
export interface AdmissionRejection {
  /** `OutOf<resource>` or the failing predicate's name: the pod's status.reason and its Warning Event's reason. */
  reason: string;
  /** The Event's message; the pod's status.message is it after "Pod was rejected: ". */
  message: string;
}

/** Upstream's Resource struct names these; the pod count and extended resources come apart. */
const STANDARD = ['cpu', 'memory', 'ephemeral-storage'];

/**
 * Upstream kubelet's admission of a pod about to start on `node`, whose pods and requests are those it
 * admitted before (lifecycle's predicateAdmitHandler and generalFilter): the first failure among the
 * resources (the pod count, cpu in millicores, memory and ephemeral storage in bytes, extended ones by
 * name), the node selector and required node affinity, host ports, and NoExecute taints the pod does not
 * tolerate. It guards a node against pods bound to it without the scheduler (`spec.nodeName` set by a user).
 */
export function kubeletAdmission(pod: PodInfo, node: NodeInfo): AdmissionRejection | undefined {
  const insufficient = insufficientResource(pod, node);
  if (insufficient) {
    const { name, requested, used, capacity } = insufficient;
    return { reason: `OutOf${name}`, message: `Node didn't have enough resource: ${name}, requested: ${requested}, used: ${used}, capacity: ${capacity}` };
  }
  if (!nodeMatchesPodAffinity(pod, node)) return predicateFailure('NodeAffinity', "node(s) didn't match Pod's node affinity/selector");
  if (hostPortsTaken(pod, node)) return predicateFailure('NodePorts', "node(s) didn't have free ports for the requested pod ports");
  if (node.taints.some((taint) => taint.effect === 'NoExecute' && !tolerates(pod.tolerations, taint))) return predicateFailure('TaintToleration', "node(s) had taints that the pod didn't tolerate");
  return undefined;
}

const predicateFailure = (name: string, description: string): AdmissionRejection => ({ reason: name, message: `Predicate ${name} failed: ${description}` });

/** Upstream noderesources.Fits' first InsufficientResource, in its order. */
function insufficientResource(pod: PodInfo, node: NodeInfo): { name: string; requested: number; used: number; capacity: number } | undefined {
  const { allocatable, requested } = node;
  if (node.pods.length + 1 > (allocatable.pods ?? 0)) return { name: 'pods', requested: 1, used: node.pods.length, capacity: allocatable.pods ?? 0 };
  const extended = Object.keys(pod.requests)
    .filter((name) => name !== 'pods' && !STANDARD.includes(name))
    .sort();
  for (const name of [...STANDARD, ...extended]) {
    const amount = pod.requests[name] ?? 0;
    if (amount > 0 && amount > (allocatable[name] ?? 0) - (requested[name] ?? 0)) return { name, requested: amount, used: requested[name] ?? 0, capacity: allocatable[name] ?? 0 };
  }
  return undefined;
}
