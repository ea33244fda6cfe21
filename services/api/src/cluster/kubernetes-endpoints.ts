import type { NetworkInterfaceInfo } from 'node:os';
import type { KubeObject } from '@kronicle/contracts';
import { resourceInfo } from '@kronicle/object-lifecycle';
import type { ObjectChange } from '@kronicle/projection';
import type { Logger } from '@kronicle/service-kit';
import type { ObjectService, RequestContext } from '../objects/object-service';
import type { LiveCluster } from './live-cluster';

/** Where clients reach this API: the address and port the `kubernetes` Service's endpoints name. */
export interface ApiEndpoint {
  address: string;
  port: number;
}

const NAMESPACE = 'default';
const NAME = 'kubernetes';
const endpointsInfo = resourceInfo('', 'endpoints');
const slicesInfo = resourceInfo('discovery.k8s.io', 'endpointslices');
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

const context: RequestContext = { actor: 'service:api', correlationId: 'apiserver-endpoint-reconciler', dryRun: false };
const concerns = (change: ObjectChange) =>
  change.object.metadata.namespace === NAMESPACE && change.object.metadata.name === NAME && ((change.group === '' && change.resource === 'endpoints') || (change.group === 'discovery.k8s.io' && change.resource === 'endpointslices'));

/**
 * Keeps both pointing at this API: written at the start, and put back whenever they are changed or
 * deleted (upstream checks every 10 s; the projection tells at once). Appends only what differs:
 * an update to the same content is no write.
 */
export async function keepKubernetesEndpoints(objects: ObjectService, cluster: LiveCluster, api: ApiEndpoint, logger: Logger): Promise<() => void> {
  const sync = async () => {
    for (const [info, desired] of [
      [endpointsInfo, apiserverEndpoints],
      [slicesInfo, apiserverEndpointSlice],
    ] as const) {
      if (objects.find(info, NAMESPACE, NAME)) await objects.update(info, NAMESPACE, NAME, undefined, (current) => desired(current.object, api), context);
      else await objects.create(info, NAMESPACE, desired(undefined, api), context);
    }
  };
  // One sync at a time; a change during one asks for one more. A failed sync (another API instance
  // wrote first, say) is logged: the change that made it fail asks again.
  const attempt = () => sync().catch((err: unknown) => logger.warn({ err }, 'could not write the kubernetes Endpoints and EndpointSlice'));
  let running: Promise<void> | undefined;
  let again = false;
  const request = () => {
    if (running) {
      again = true;
      return;
    }
    running = attempt().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        request();
      }
    });
  };
  await attempt();
  return cluster.onChange((change) => {
    if (concerns(change)) request();
  });
}
