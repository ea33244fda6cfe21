import { rfc3339, type KubeObject } from '@kronicle/contracts';
import { goZeroObject } from '@kronicle/kube-protobuf';
import { apiVersionOf, type ResourceInfo } from './resource-info';

interface Container {
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

/**
 * The status an object starts with when created through its main resource at `now`, as upstream's
 * registry strategies set it in PrepareForCreate. Undefined keeps the status as sent (nodes).
 *
 * Upstream resets the status to its Go zero struct, which its JSON shows with the plain fields that have
 * no omitempty: a new ReplicaSet has `status: {replicas: 0}`, a StatefulSet `{replicas: 0, availableReplicas: 0}`,
 * a DaemonSet its four counts at 0, a PodDisruptionBudget its four counts at 0, a Service `{loadBalancer: {}}`,
 * until their controllers' first sync. Some strategies then set a field or two (a pod's phase and QoS class).
 */
export function initialStatus(info: ResourceInfo, object: KubeObject, now: Date): unknown {
  switch (`${info.group}/${info.resource}`) {
    case '/pods':
      return { ...zeroStatus(info), phase: 'Pending', qosClass: qosClass(object), ...schedulingGated(object) };
    case '/namespaces':
      return { ...zeroStatus(info), phase: 'Active' };
    case '/persistentvolumeclaims':
      return { ...zeroStatus(info), phase: 'Pending' };
    case '/persistentvolumes':
      // PersistentVolumeLastPhaseTransitionTime (GA in 1.31): Pending since its creation.
      return { ...zeroStatus(info), phase: 'Pending', lastPhaseTransitionTime: rfc3339(now) };
    case '/nodes':
      return object.status;
    default:
      return info.subresources.includes('status') ? zeroStatus(info) : object.status;
  }
}

/** Upstream's applySchedulingGatedCondition: a pod created with scheduling gates says why it waits (kubectl shows `SchedulingGated`). */
function schedulingGated(pod: KubeObject): { conditions?: object[] } {
  const gates = (pod.spec as { schedulingGates?: unknown[] } | undefined)?.schedulingGates ?? [];
  if (gates.length === 0) return {};
  const condition = { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: null, reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' };
  return { conditions: [condition] };
}

/** Kept as JSON text: parsing it again is the cheapest fresh copy (structuredClone took ~30 µs a pod create). */
const zeroStatuses = new Map<string, string>();

/** The kind's status at its Go zero value (`{}` for kinds without a Go type); a fresh copy each time. */
function zeroStatus(info: ResourceInfo): Record<string, unknown> {
  const apiVersion = apiVersionOf(info);
  const key = `${apiVersion}/${info.kind}`;
  let status = zeroStatuses.get(key);
  if (status === undefined) {
    const zero = goZeroObject(apiVersion, info.kind)?.status;
    status = JSON.stringify(typeof zero === 'object' && zero !== null ? zero : {});
    zeroStatuses.set(key, status);
  }
  return JSON.parse(status) as Record<string, unknown>;
}

/** Pod QoS class as upstream's qos.GetPodQOS computes it, for cpu and memory. */
export function qosClass(pod: KubeObject): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  const tracked = ['cpu', 'memory'];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const requests = c.resources?.requests ?? {};
    const limits = c.resources?.limits ?? {};
    for (const name of tracked) {
      if (requests[name] !== undefined || limits[name] !== undefined) any = true;
      const request = requests[name] ?? limits[name];
      if (limits[name] === undefined || request !== limits[name]) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
