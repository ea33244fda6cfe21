import { isPodReady } from '@kronicle/contracts';
import type { Endpoint, EndpointPort, Pod, Service, ServicePort } from './types';

/**
 * Upstream `ShouldPodBeInEndpoints`: a pod with an IP that has not finished; a terminating one only
 * when asked to include those (EndpointSlices always do; Endpoints with publishNotReadyAddresses).
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (!pod.status?.podIP) return false;
  const phase = pod.status.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  return includeTerminating || !pod.metadata.deletionTimestamp;
}

/** Upstream `podutil.FindPort`: a numeric targetPort as is; a named one from the pod's container ports of that protocol. */
export function findPort(pod: Pod, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = port.protocol ?? 'TCP';
  for (const container of pod.spec?.containers ?? []) {
    const found = (container.ports ?? []).find((p) => p.name === target && (p.protocol ?? 'TCP') === protocol);
    if (found) return found.containerPort;
  }
  return undefined;
}

/** The service's ports as this pod serves them; a named port the pod lacks is left out, as upstream. */
export function endpointPorts(service: Service, pod: Pod): EndpointPort[] {
  return (service.spec?.ports ?? []).flatMap((p) => {
    const port = findPort(pod, p);
    if (port === undefined) return [];
    return [{ name: p.name ?? '', port, protocol: p.protocol ?? 'TCP', ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) }];
  });
}

/**
 * Upstream `podToEndpoint`: serving follows readiness, terminating the deletion mark, and ready is
 * serving and not terminating — all true with publishNotReadyAddresses. A pod whose subdomain is the
 * service's name publishes its hostname (what StatefulSet pods' DNS names stand on).
 */
export function podToEndpoint(service: Service, pod: Pod): Endpoint {
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  const serving = publishNotReady || isPodReady(pod);
  const terminating = Boolean(pod.metadata.deletionTimestamp);
  const hostname = pod.spec?.hostname && pod.spec.subdomain === service.metadata.name ? pod.spec.hostname : undefined;
  return {
    addresses: [pod.status!.podIP!],
    conditions: { ready: publishNotReady || (serving && !terminating), serving, terminating },
    ...(hostname ? { hostname } : {}),
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' },
  };
}

/** Pods a service selects: a service without a selector has its endpoints managed by someone else. */
export function selectedPods(service: Service, pods: Pod[]): Pod[] {
  const selector = service.spec?.selector;
  if (!selector) return [];
  return pods.filter((pod) => Object.entries(selector).every(([k, v]) => pod.metadata.labels?.[k] === v));
}

export const portsKey = (ports: EndpointPort[]) => JSON.stringify([...ports].sort((a, b) => a.name.localeCompare(b.name) || a.port - b.port));
