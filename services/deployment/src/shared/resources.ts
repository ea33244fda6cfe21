import { objectStreamId } from '@kronicle/contracts';
import { resourceInfo } from '@kronicle/object-lifecycle';
import type { ClusterState } from '@kronicle/projection';
import type { KubeObject } from '@kronicle/contracts';

export const podsResource = resourceInfo('', 'pods');
export const replicaSetsResource = resourceInfo('apps', 'replicasets');
export const deploymentsResource = resourceInfo('apps', 'deployments');

/** Work-queue keys are `<namespace>/<name>`, as client-go's `MetaNamespaceKeyFunc`. */
export function keyOf(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
}

export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

export function getObject<T extends KubeObject>(state: ClusterState, group: string, resource: string, namespace: string, name: string): T | undefined {
  return state.get(objectStreamId({ group, resource, namespace, name }))?.object as T | undefined;
}
