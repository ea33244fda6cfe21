import type { NetworkInterfaceInfo } from 'node:os';
import type { KubeObject } from '@kronicle/contracts';
import { resourceInfo } from '@kronicle/object-lifecycle';

/** Where clients reach this API: the address and port the `kubernetes` Service's endpoints name. */
export interface ApiEndpoint {
  address: string;
  port: number;
}

const NAMESPACE = 'default';
const NAME = 'kubernetes';
export const endpointsInfo = resourceInfo('', 'endpoints');
export const endpointSlicesInfo = resourceInfo('discovery.k8s.io', 'endpointslices');
const port = (api: ApiEndpoint) => ({ name: 'https', port: api.port, protocol: 'TCP' });

/**
 * kube-apiserver's `--advertise-address` when unset: the host's address (upstream takes the
 * default route's interface; the first non-loopback IPv4 address is that on a host with one
 * network). Loopback would not do: upstream refuses it in Endpoints.
 */
export function hostAddress(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string | undefined {
  for (const addresses of Object.values(interfaces)) {
    const address = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (address) return address.address;
  }
  return undefined;
}

/**
 * The `kubernetes` Endpoints as upstream's endpoint reconciler keeps them
 * (pkg/controlplane/reconcilers/endpointsadapter.go): one subset with the API's address and its
 * secure port, labelled so that EndpointSlice mirroring leaves them alone.
 */
export function apiserverEndpoints(current: KubeObject | undefined, api: ApiEndpoint): KubeObject {
  return {
    ...(current ?? { apiVersion: 'v1', kind: 'Endpoints' }),
    metadata: { ...(current?.metadata ?? { name: NAME, namespace: NAMESPACE }), labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: api.address }], ports: [port(api)] }],
  };
}

/** The `kubernetes` EndpointSlice beside them, named after the Service and not managed by the EndpointSlice controller. */
export function apiserverEndpointSlice(current: KubeObject | undefined, api: ApiEndpoint): KubeObject {
  return {
    ...(current ?? { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' }),
    metadata: { ...(current?.metadata ?? { name: NAME, namespace: NAMESPACE }), labels: { 'kubernetes.io/service-name': NAME } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [api.address], conditions: { ready: true } }],
    ports: [port(api)],
  };
}
