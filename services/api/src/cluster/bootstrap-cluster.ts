import { addressConfigFromEnv, ApiError, firstServiceAddress, resourceInfo, systemPriorityClasses, type ResourceInfo } from '@kronicle/object-lifecycle';
import type { KubeObject } from '@kronicle/contracts';
import type { ObjectService } from '../objects/object-service';

/** The namespaces every cluster has from its first start, as upstream's system namespaces controller makes them. */
const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The `kubernetes` Service in `default`, which upstream's apiserver keeps on the first service address. */
function kubernetesService(apiPort: number, clusterIP: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', clusterIP, ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: apiPort }], sessionAffinity: 'None' },
  };
}

/** What every cluster has from its first start, the built-in PriorityClasses included. Safe to run on every start and from several API instances. */
export async function bootstrapCluster(objects: ObjectService, apiPort: number): Promise<void> {
  for (const name of SYSTEM_NAMESPACES) await ensure(objects, resourceInfo('', 'namespaces'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  await ensure(objects, resourceInfo('', 'services'), kubernetesService(apiPort, firstServiceAddress(addressConfigFromEnv())));
  for (const priorityClass of systemPriorityClasses) await ensure(objects, resourceInfo('scheduling.k8s.io', 'priorityclasses'), priorityClass);
}

async function ensure(objects: ObjectService, info: ResourceInfo, object: KubeObject): Promise<void> {
  const { name = '', namespace } = object.metadata;
  if (objects.find(info, namespace, name)) return;
  try {
    await objects.create(info, namespace, object, { actor: 'service:api', correlationId: `bootstrap-${info.resource}-${name}`, dryRun: false });
  } catch (err) {
    // Another API instance made it first.
    if (!(err instanceof ApiError && err.code === 409)) throw err;
  }
}
