import { isDeepStrictEqual } from 'node:util';
import { isPodReady, type KubeObject } from '@kronicle/contracts';
import type { ObjectWrite } from '@kronicle/controller-runtime';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { HEADLESS_LABEL } from './endpoint-slices';
import { endpointPorts, portsKey, selectedPods, shouldPodBeInEndpoints } from './pod-endpoint';
import { isHeadless, type EndpointPort, type Pod, type Service } from './types';

export const endpointsResource = resourceInfo('', 'endpoints');

interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef: { kind: 'Pod'; namespace: string; name: string; uid: string };
}

interface Subset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

/**
 * Upstream's endpoints controller (pkg/controller/endpoint): the legacy core/v1 Endpoints named
 * after the service, subsets repacked by port set (addresses sorted by IP), ready pods in
 * `addresses` and the others in `notReadyAddresses`; terminating pods only with
 * publishNotReadyAddresses. Removed with its service.
 */
export function reconcileEndpoints(namespace: string, name: string, service: Service | undefined, pods: Pod[], existing: KubeObject | undefined): ObjectWrite[] {
  if (!service || !service.spec?.selector) {
    // Selector-less services' Endpoints belong to whoever made them; a deleted service's go with it.
    return !service && existing ? [{ kind: 'delete', resource: endpointsResource, namespace, name }] : [];
  }
  const publishNotReady = service.spec.publishNotReadyAddresses === true;
  const subsets = new Map<string, Required<Subset>>();
  for (const pod of selectedPods(service, pods).filter((p) => shouldPodBeInEndpoints(p, publishNotReady))) {
    const ports = endpointPorts(service, pod);
    if (ports.length === 0 && !(isHeadless(service) && !service.spec.ports?.length)) continue;
    const key = portsKey(ports);
    const subset = subsets.get(key) ?? { addresses: [], notReadyAddresses: [], ports: [...ports].sort((a, b) => a.name.localeCompare(b.name)) };
    const address: EndpointAddress = {
      ip: pod.status!.podIP!,
      ...(pod.spec?.hostname && pod.spec.subdomain === name ? { hostname: pod.spec.hostname } : {}),
      ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: { kind: 'Pod', namespace, name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' },
    };
    (publishNotReady || isPodReady(pod) ? subset.addresses : subset.notReadyAddresses).push(address);
    subsets.set(key, subset);
  }
  const packed: Subset[] = [...subsets.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, s]) => ({
      ...(s.addresses.length ? { addresses: s.addresses.sort(byIp) } : {}),
      ...(s.notReadyAddresses.length ? { notReadyAddresses: s.notReadyAddresses.sort(byIp) } : {}),
      ...(s.ports.length ? { ports: s.ports } : {}),
    }));
  const labels = { ...service.metadata.labels, ...(isHeadless(service) ? { [HEADLESS_LABEL]: '' } : {}) };
  const desired: KubeObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace, labels }, ...(packed.length ? { subsets: packed } : {}) };
  if (!existing) return [{ kind: 'create', resource: endpointsResource, object: desired }];
  if (isDeepStrictEqual([existing.metadata.labels ?? {}, existing.subsets ?? []], [labels, packed])) return [];
  const next: KubeObject = { ...existing, metadata: { ...existing.metadata, labels }, subsets: packed };
  if (!packed.length) delete next.subsets;
  return [{ kind: 'update', resource: endpointsResource, object: next }];
}

const byIp = (a: EndpointAddress, b: EndpointAddress) => a.ip.localeCompare(b.ip, undefined, { numeric: true });
