import { objectStreamId, type KubeObject } from '@kronicle/contracts';
import { ApiError, decideCreate, resourceInfo } from '@kronicle/object-lifecycle';
import type { ClusterState } from '@kronicle/projection';

/** core/v1 pods, as every workload controller writes them. */
export const podsResource = resourceInfo('', 'pods');

/** What the API would answer to creating a pod, as far as the controller's cache tells. */
export type CreateAnswer =
  | { kind: 'created' }
  /** Upstream's NamespaceTerminatingCause: the controller neither reports it nor counts it a failure. */
  | { kind: 'namespaceTerminating' }
  | { kind: 'refused'; error: ApiError };

/**
 * Decides the create as the API (and the runtime's planWrites) will — namespace, defaulting,
 * admission, validation — without writing, so a refusal can be reported the way upstream's
 * `RealPodControl.CreatePods` reports a failed call: instead of the whole reconcile failing, the
 * owner gets a `FailedCreate` event (a ReplicaSet also its `ReplicaFailure` condition). Pure: the
 * same pod and cache give the same answer. A template its owner's validation accepts can still make
 * an invalid pod: upstream validates a template's labels, annotations and spec, not its finalizers.
 */
export function answerToCreate(pod: KubeObject, state: ClusterState, now: Date): CreateAnswer {
  const namespace = pod.metadata.namespace ?? 'default';
  const namespaceObject = state.get(objectStreamId({ group: '', resource: 'namespaces', name: namespace }));
  if (namespaceObject?.object.metadata.deletionTimestamp) return { kind: 'namespaceTerminating' };
  try {
    decideCreate({ info: podsResource, namespace, body: pod, namespaceObject }, { now, newUid: () => 'dry-run', randomSuffix: () => 'dryrn' });
    return { kind: 'created' };
  } catch (err) {
    if (err instanceof ApiError) return { kind: 'refused', error: err };
    throw err;
  }
}
