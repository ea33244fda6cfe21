import type { KubeObject } from '@kronicle/contracts';
import type { ResourceInfo } from './resource-info';

interface Container {
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

/**
 * The status an object starts with when created through its main resource, as upstream's
 * registry strategies set it in PrepareForCreate. Undefined keeps the status as sent (nodes).
 */
export function initialStatus(info: ResourceInfo, object: KubeObject): unknown {
  switch (`${info.group}/${info.resource}`) {
    case '/pods':
      return { phase: 'Pending', qosClass: qosClass(object) };
    case '/namespaces':
      return { phase: 'Active' };
    case '/persistentvolumeclaims':
    case '/persistentvolumes':
      return { phase: 'Pending' };
    case '/services':
      return { loadBalancer: {} };
    case '/nodes':
      return object.status;
    case 'policy/poddisruptionbudgets':
      // Upstream's counts are plain int32 fields (no omitempty): a new budget shows them as 0.
      return { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
    default:
      return info.subresources.includes('status') ? {} : object.status;
  }
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
