import { rfc3339, type KubeObject } from '@kronicle/contracts';
import type { StoredObject } from '@kronicle/projection';
import { errors } from './api-error';
import { isSystemPriorityClass } from './system-priority-classes';
import type { ResourceInfo } from './resource-info';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/** The parts of metav1.DeleteOptions a delete honours. */
export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: PropagationPolicy;
  /** Deprecated form of propagationPolicy=Orphan. */
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export type DeleteDecision =
  /** Gone now: an ObjectDeleted event. */
  | { kind: 'delete'; object: KubeObject; propagationPolicy: PropagationPolicy }
  /** Marked for deletion (finalizers or a graceful pod): an ObjectUpdated event; someone finishes it later. */
  | { kind: 'mark'; object: KubeObject; propagationPolicy: PropagationPolicy }
  /** Already being deleted, nothing changes. */
  | { kind: 'unchanged'; object: KubeObject };

const ORPHAN = 'orphan';
/** NamespaceLifecycle admission's immortal namespaces: kube-apiserver never deletes them. */
const IMMORTAL_NAMESPACES = ['default', 'kube-system', 'kube-public'];
const FOREGROUND = 'foregroundDeletion';

/**
 * Decides a DELETE as upstream's registry does (rest.BeforeDelete and the store's finalizer handling):
 * an object with finalizers, or a pod on a node with a grace period, is only marked; the rest goes now.
 */
export function decideDelete(info: ResourceInfo, current: StoredObject, options: DeleteOptions, now: Date): DeleteDecision {
  const object = current.object;
  const name = object.metadata.name ?? '';
  if (info.group === 'scheduling.k8s.io' && info.resource === 'priorityclasses' && isSystemPriorityClass(name)) {
    throw errors.forbidden(info.group, info.resource, name, 'this is a system priority class and cannot be deleted');
  }
  if (info.group === '' && info.resource === 'namespaces' && IMMORTAL_NAMESPACES.includes(name)) throw errors.forbidden('', 'namespaces', name, 'this namespace may not be deleted');
  const { preconditions } = options;
  if (preconditions?.uid && preconditions.uid !== object.metadata.uid) {
    throw errors.conflict(info.group, info.resource, name, `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${object.metadata.uid}`);
  }
  if (preconditions?.resourceVersion && preconditions.resourceVersion !== object.metadata.resourceVersion) {
    throw errors.conflict(info.group, info.resource, name, `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in meta: ${object.metadata.resourceVersion}`);
  }
  const propagationPolicy: PropagationPolicy = options.propagationPolicy ?? (options.orphanDependents ? 'Orphan' : 'Background');
  const finalizers = withPolicyFinalizer(object.metadata.finalizers ?? [], propagationPolicy);
  const grace = gracePeriod(info, object, options);

  if (object.metadata.deletionTimestamp) return decideRepeatedDelete(object, options, finalizers, propagationPolicy);
  if (finalizers.length === 0 && grace === 0 && !hasNamespaceFinalizers(info, object)) return { kind: 'delete', object, propagationPolicy };

  const deletionTimestamp = rfc3339(new Date(now.getTime() + grace * 1000));
  const marked: KubeObject = {
    ...object,
    metadata: { ...object.metadata, deletionTimestamp, deletionGracePeriodSeconds: grace, finalizers: finalizers.length ? finalizers : undefined },
  };
  if (!marked.metadata.finalizers) delete marked.metadata.finalizers;
  if (info.group === '' && info.resource === 'namespaces') marked.status = { ...(object.status as object), phase: 'Terminating' };
  if (tracksDeletionGeneration(info)) marked.metadata.generation = (object.metadata.generation ?? 0) + 1;
  return { kind: 'mark', object: marked, propagationPolicy };
}

/**
 * A delete of an object already being deleted, as upstream's rest.BeforeDelete: it may only shorten a
 * graceful deletion (moving the deletion time back by the difference); at grace 0, or when the
 * object was marked without grace (finalizers), it goes once nothing else holds it.
 */
function decideRepeatedDelete(object: KubeObject, options: DeleteOptions, finalizers: string[], propagationPolicy: PropagationPolicy): DeleteDecision {
  const current = object.metadata.deletionGracePeriodSeconds ?? 0;
  const requested = options.gracePeriodSeconds;
  const grace = current === 0 || requested === undefined || requested >= current ? current : Math.max(0, requested);
  if (grace === 0 && finalizers.length === 0) return { kind: 'delete', object, propagationPolicy };
  if (grace === current) return { kind: 'unchanged', object };
  const deletionTimestamp = rfc3339(new Date(Date.parse(object.metadata.deletionTimestamp!) - (current - grace) * 1000));
  return { kind: 'mark', object: { ...object, metadata: { ...object.metadata, deletionTimestamp, deletionGracePeriodSeconds: grace } }, propagationPolicy };
}

/** Orphan and Foreground deletions hand over to the garbage collector through a finalizer, as upstream. */
function withPolicyFinalizer(finalizers: string[], policy: PropagationPolicy): string[] {
  const others = finalizers.filter((f) => f !== ORPHAN && f !== FOREGROUND);
  if (policy === 'Orphan') return [...others, ORPHAN];
  if (policy === 'Foreground') return [...others, FOREGROUND];
  return finalizers;
}

/** Only pods bound to a node are deleted gracefully: their kubelet confirms the end. */
function gracePeriod(info: ResourceInfo, object: KubeObject, options: DeleteOptions): number {
  if (info.group !== '' || info.resource !== 'pods') return 0;
  const spec = (object.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  if (!spec.nodeName) return 0;
  const phase = (object.status as { phase?: string } | undefined)?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return 0;
  return Math.max(0, options.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30);
}

/** A namespace with spec.finalizers waits for the namespace controller to empty it. */
export function hasNamespaceFinalizers(info: ResourceInfo, object: KubeObject): boolean {
  return info.group === '' && info.resource === 'namespaces' && Boolean((object.spec as { finalizers?: string[] } | undefined)?.finalizers?.length);
}

/** Upstream bumps generation when deletionTimestamp is set on objects that track it. */
function tracksDeletionGeneration(info: ResourceInfo): boolean {
  return info.group === 'apps' || info.group === 'batch';
}
