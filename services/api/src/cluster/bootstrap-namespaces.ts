import { ApiError, type ResourceInfo } from '@kronicle/object-lifecycle';
import type { ObjectService } from '../objects/object-service';

const namespaces: ResourceInfo = { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false, subresources: ['status', 'finalize'] };

/** The namespaces every cluster has from its first start, as upstream's system namespaces controller makes them. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export async function bootstrapNamespaces(objects: ObjectService): Promise<void> {
  for (const name of SYSTEM_NAMESPACES) {
    if (objects.find(namespaces, undefined, name)) continue;
    try {
      await objects.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { actor: 'service:api', correlationId: `bootstrap-${name}`, dryRun: false });
    } catch (err) {
      // Another API instance made it first.
      if (!(err instanceof ApiError && err.code === 409)) throw err;
    }
  }
}
