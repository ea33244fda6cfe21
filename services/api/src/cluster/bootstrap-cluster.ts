import { addressConfigFromEnv, ApiError, firstServiceAddress, resourceInfo, systemPriorityClasses, type ResourceInfo } from '@kronicle/object-lifecycle';
import { parseObjectStreamId, type KubeObject } from '@kronicle/contracts';
import type { ObjectChange } from '@kronicle/projection';
import type { Logger } from '@kronicle/service-kit';
import type { ObjectService, RequestContext } from '../objects/object-service';
import { apiserverEndpoints, apiserverEndpointSlice, endpointSlicesInfo, endpointsInfo, type ApiEndpoint } from './kubernetes-endpoints';
import type { LiveCluster } from './live-cluster';

/** The namespaces every cluster has from its first start, as upstream's system namespaces controller makes them. */
const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const namespaces = resourceInfo('', 'namespaces');
const services = resourceInfo('', 'services');

/** The `kubernetes` Service in `default`, which upstream's apiserver keeps on the first service address. */
function kubernetesService(apiPort: number, clusterIP: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', clusterIP, ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: apiPort }], sessionAffinity: 'None' },
  };
}

const context = (name: string): RequestContext => ({ actor: 'service:api', correlationId: `bootstrap-${name}`, dryRun: false });

/** What every cluster has from its first start, the built-in PriorityClasses included. Safe to run on every start and from several API instances. */
export async function bootstrapCluster(objects: ObjectService, apiPort: number): Promise<void> {
  await ensureSystemObjects(objects, apiPort);
  for (const priorityClass of systemPriorityClasses) await ensure(objects, resourceInfo('scheduling.k8s.io', 'priorityclasses'), priorityClass);
}

async function ensureSystemObjects(objects: ObjectService, apiPort: number): Promise<void> {
  for (const name of SYSTEM_NAMESPACES) await ensure(objects, namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  await ensure(objects, services, kubernetesService(apiPort, firstServiceAddress(addressConfigFromEnv())));
}

async function ensure(objects: ObjectService, info: ResourceInfo, object: KubeObject): Promise<void> {
  const { name = '', namespace } = object.metadata;
  if (objects.find(info, namespace, name)) return;
  try {
    await objects.create(info, namespace, object, context(`${info.resource}-${name}`));
  } catch (err) {
    // Another API instance made it first.
    if (!(err instanceof ApiError && err.code === 409)) throw err;
  }
}

/** The Endpoints and EndpointSlice of the `kubernetes` Service, as they should be now (create or update). */
async function syncKubernetesEndpoints(objects: ObjectService, api: ApiEndpoint): Promise<void> {
  for (const [info, desired] of [
    [endpointsInfo, apiserverEndpoints],
    [endpointSlicesInfo, apiserverEndpointSlice],
  ] as const) {
    if (objects.find(info, 'default', 'kubernetes')) await objects.update(info, 'default', 'kubernetes', undefined, (current) => desired(current.object, api), context(info.resource));
    else await objects.create(info, 'default', desired(undefined, api), context(info.resource));
  }
}

/** A change that may have undone what `keepSystemObjects` keeps. */
function undoes(change: ObjectChange): boolean {
  // Named by the stream id: the API's cache parses no object for this.
  const key = parseObjectStreamId(change.streamId);
  if (change.group === '' && change.resource === 'namespaces') return change.type === 'DELETED' && SYSTEM_NAMESPACES.includes(key?.name ?? '');
  if (key?.namespace !== 'default' || key.name !== 'kubernetes') return false;
  if (change.group === '' && change.resource === 'services') return change.type === 'DELETED';
  return (change.group === '' && change.resource === 'endpoints') || (change.group === 'discovery.k8s.io' && change.resource === 'endpointslices');
}

/**
 * Keeps what kube-apiserver keeps itself: the system namespaces and the `kubernetes` Service
 * (recreated when deleted, as upstream's system namespaces and kubernetes service controllers do),
 * and the Service's Endpoints and EndpointSlice pointing at this API (its endpoint reconciler; put back
 * when changed or deleted). Upstream checks every 10 s to a minute; the projection tells at once.
 * Appends only what differs. Without an address to advertise the Service has no endpoints.
 */
export async function keepSystemObjects(objects: ObjectService, cluster: LiveCluster, apiPort: number, advertiseAddress: string | undefined, logger: Logger): Promise<() => void> {
  const sync = async () => {
    await ensureSystemObjects(objects, apiPort);
    if (advertiseAddress) await syncKubernetesEndpoints(objects, { address: advertiseAddress, port: apiPort });
  };
  // One sync at a time; a change during one asks for one more. A failed sync (another API instance
  // wrote first, say) is logged: the change that made it fail asks again.
  const attempt = () => sync().catch((err: unknown) => logger.warn({ err }, 'could not restore the system namespaces, the kubernetes Service or its endpoints'));
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
    if (undoes(change)) request();
  });
}
