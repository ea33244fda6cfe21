import { objectStreamId, type KubeObject } from '@kronicle/contracts';
import type { ObjectWrite } from '@kronicle/controller-runtime';
import { resourceInfo, type PropagationPolicy } from '@kronicle/object-lifecycle';
import type { ClusterState, StoredObject } from '@kronicle/projection';

/** The object with its ownerReferences changed; an empty list is dropped as the API would store it. */
export function withOwnerRefs(stored: StoredObject, change: (refs: NonNullable<KubeObject['metadata']['ownerReferences']>) => KubeObject['metadata']['ownerReferences']): ObjectWrite {
  const refs = change(stored.object.metadata.ownerReferences ?? []) ?? [];
  const { ownerReferences: _old, ...rest } = stored.object.metadata;
  const metadata = refs.length ? { ...rest, ownerReferences: refs } : rest;
  return { kind: 'update', resource: resourceInfo(stored.group, stored.resource), object: { ...stored.object, metadata } };
}

export function withoutFinalizer(stored: StoredObject, finalizer: string): ObjectWrite {
  const finalizers = (stored.object.metadata.finalizers ?? []).filter((f) => f !== finalizer);
  const { finalizers: _old, ...rest } = stored.object.metadata;
  const metadata = finalizers.length ? { ...rest, finalizers } : rest;
  return { kind: 'update', resource: resourceInfo(stored.group, stored.resource), object: { ...stored.object, metadata } };
}

/** Deletes exactly this object: the uid precondition keeps a same-named successor safe, as upstream's deleteObject does. */
export function deleteObject(stored: StoredObject, propagationPolicy: PropagationPolicy): ObjectWrite {
  const { namespace, name = '', uid } = stored.object.metadata;
  return { kind: 'delete', resource: resourceInfo(stored.group, stored.resource), namespace, name, options: { propagationPolicy, preconditions: { uid } } };
}

/** Events go into a namespace that exists and is not terminating; upstream's recorder drops the others. */
export function canRecordEventIn(state: ClusterState, namespace: string): boolean {
  const ns = state.get(objectStreamId({ group: '', resource: 'namespaces', name: namespace }));
  return Boolean(ns && !ns.object.metadata.deletionTimestamp);
}
