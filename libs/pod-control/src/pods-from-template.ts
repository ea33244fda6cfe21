import { objectStreamId, type KubeObject, type ObjectMeta } from '@kronicle/contracts';
import type { ClusterState } from '@kronicle/projection';
import { controllerRef } from './controller-ref';
import { nameSuffix } from './pod-names';
import type { Pod } from './pod-state';

export interface PodTemplate {
  metadata?: ObjectMeta;
  spec?: Record<string, unknown>;
}

/**
 * Upstream's `GetPodFromTemplate`: the template's labels, annotations and finalizers, the owner as
 * controller, the template's spec. The spec is shared by a batch: the API's defaulting copies each
 * pod before it changes anything.
 */
export function podFromTemplate(owner: KubeObject, template: PodTemplate, name: string, generateName: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName,
      namespace: owner.metadata.namespace ?? 'default',
      ...(template.metadata?.labels ? { labels: { ...template.metadata.labels } } : {}),
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ...(template.metadata?.finalizers ? { finalizers: [...template.metadata.finalizers] } : {}),
      ownerReferences: [controllerRef(owner)],
    },
    spec: template.spec ?? {},
  };
}

/**
 * `count` names `<base><5 characters>` free in the owner's namespace, as the API's generateName
 * would pick them (upstream truncates the base so that a name stays within 63 characters). The
 * characters derive from the owner's uid and the cache's position, so a reconcile stays pure.
 */
export function freePodNames(owner: KubeObject, state: ClusterState, base: string, count: number): string[] {
  const namespace = owner.metadata.namespace ?? 'default';
  const prefix = base.slice(0, 58);
  const names = new Set<string>();
  for (let attempt = 0; names.size < count; attempt++) {
    const name = prefix + nameSuffix(`${owner.metadata.uid}/${state.position}/${attempt}`);
    if (!state.get(objectStreamId({ group: '', resource: 'pods', namespace, name }))) names.add(name);
  }
  return [...names];
}
