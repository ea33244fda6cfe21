import { isDeepStrictEqual } from 'node:util';
import type { ObjectWrite } from '@kronicle/controller-runtime';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { endpointPorts, podToEndpoint, portsKey, selectedPods, shouldPodBeInEndpoints } from './pod-endpoint';
import { isHeadless, type Endpoint, type EndpointPort, type EndpointSlice, type Pod, type Service } from './types';

export const endpointSlices = resourceInfo('discovery.k8s.io', 'endpointslices');
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
/** Upstream's default --max-endpoints-per-slice. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

const byPod = (e: Endpoint) => e.targetRef.uid;

/**
 * Upstream's endpointslice reconciler, reduced: endpoints grouped by the ports their pod resolves;
 * within a port group, slices that exist keep the endpoints they have (updated in place), new
 * endpoints fill the free room, then new slices take the rest, at most 100 each; emptied slices go.
 * A service selecting nothing keeps one placeholder slice without ports or endpoints, as upstream.
 */
export function reconcileEndpointSlices(service: Service, pods: Pod[], existing: EndpointSlice[]): ObjectWrite[] {
  const desired = new Map<string, { ports: EndpointPort[]; endpoints: Map<string, Endpoint> }>();
  const headless = isHeadless(service);
  for (const pod of selectedPods(service, pods).filter((p) => shouldPodBeInEndpoints(p, true))) {
    const ports = endpointPorts(service, pod);
    if (ports.length === 0 && !(headless && !service.spec?.ports?.length)) continue;
    const key = portsKey(ports);
    const group = desired.get(key) ?? { ports, endpoints: new Map() };
    const endpoint = podToEndpoint(service, pod);
    group.endpoints.set(byPod(endpoint), endpoint);
    desired.set(key, group);
  }

  const template = sliceTemplate(service);
  const writes: ObjectWrite[] = [];
  const kept: EndpointSlice[] = [];
  const sorted = [...existing].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  for (const [key, group] of desired) {
    const slices = sorted.filter((s) => s.endpoints?.length && portsKey(s.ports ?? []) === key);
    const placed = slices.map((s) => (s.endpoints ?? []).filter((e) => group.endpoints.has(byPod(e))).map((e) => group.endpoints.get(byPod(e))!));
    const taken = new Set(placed.flat().map(byPod));
    const rest = [...group.endpoints.values()].filter((e) => !taken.has(byPod(e))).sort((a, b) => a.targetRef.name.localeCompare(b.targetRef.name));
    placed.forEach((endpoints) => endpoints.push(...rest.splice(0, Math.max(0, MAX_ENDPOINTS_PER_SLICE - endpoints.length))));
    slices.forEach((slice, i) => {
      if (placed[i].length === 0) return;
      kept.push(slice);
      writes.push(...updateIfChanged(slice, template, group.ports, placed[i]));
    });
    while (rest.length > 0) writes.push({ kind: 'create', resource: endpointSlices, object: { ...template, ports: group.ports, endpoints: rest.splice(0, MAX_ENDPOINTS_PER_SLICE) } });
  }
  if (desired.size === 0) {
    const placeholder = sorted.find((s) => !s.endpoints?.length) ?? sorted[0];
    if (placeholder) {
      kept.push(placeholder);
      writes.push(...updateIfChanged(placeholder, template, [], []));
    } else writes.push({ kind: 'create', resource: endpointSlices, object: { ...template, ports: null, endpoints: [] } });
  }
  for (const slice of sorted) if (!kept.includes(slice)) writes.push({ kind: 'delete', resource: endpointSlices, namespace: slice.metadata.namespace, name: slice.metadata.name! });
  return writes;
}

function updateIfChanged(slice: EndpointSlice, template: EndpointSlice, ports: EndpointPort[], endpoints: Endpoint[]): ObjectWrite[] {
  const next: EndpointSlice = {
    ...slice,
    metadata: { ...slice.metadata, labels: template.metadata.labels, ownerReferences: template.metadata.ownerReferences },
    ports: ports.length ? ports : null,
    endpoints,
  };
  const same = isDeepStrictEqual(
    [slice.metadata.labels, slice.metadata.ownerReferences, slice.ports ?? null, slice.endpoints ?? []],
    [next.metadata.labels, next.metadata.ownerReferences, next.ports, next.endpoints],
  );
  return same ? [] : [{ kind: 'update', resource: endpointSlices, object: next }];
}

function sliceTemplate(service: Service): EndpointSlice {
  const { name, namespace, uid } = service.metadata;
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${name}-`,
      namespace,
      labels: {
        ...service.metadata.labels,
        [SERVICE_NAME_LABEL]: name!,
        [MANAGED_BY_LABEL]: CONTROLLER_NAME,
        ...(isHeadless(service) ? { [HEADLESS_LABEL]: '' } : {}),
      },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: name!, uid: uid!, controller: true, blockOwnerDeletion: true }],
    },
    addressType: 'IPv4',
    endpoints: [],
  };
}
