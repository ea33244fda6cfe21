import { isDeepStrictEqual } from 'node:util';
import type { KubeObject, ObjectMeta } from '@kronicle/contracts';
import { applyDefaults } from '@kronicle/kube-validation';
import type { StoredObject } from '@kronicle/projection';
import { errors } from './api-error';
import { admitEphemeralContainers, admitUpdate } from './admission';
import { hasNamespaceFinalizers } from './decide-delete';
import { checkBodyMatchesRequest } from './body-checks';
import { withManagedFields } from './managed-fields';
import { withPhaseTransitionTime, type PersistentVolumeStatus } from './persistent-volume-phase';
import { storedStatus } from './stored-status';
import { allocateServiceAddresses, isService, takenAddresses, type AddressContext } from './service-addresses';
import { apiVersionOf, hasStatusSubresource, tracksGeneration, type ResourceInfo } from './resource-info';

export interface UpdateInput {
  info: ResourceInfo;
  /**
   * `status` for writes through the status subresource, `ephemeralcontainers` for a pod's, `finalize` for a Namespace's (the only way
   * to change its spec.finalizers); undefined for the main resource.
   */
  subresource?: string;
  namespace?: string;
  name: string;
  body: KubeObject;
  current: StoredObject;
  manager?: string;
  now: Date;
  /** Needed to update Services whose type change adds NodePorts. */
  addresses?: AddressContext;
}

export type UpdateDecision =
  | { kind: 'unchanged'; object: KubeObject }
  | { kind: 'update'; object: KubeObject }
  /** The update removed the last finalizer of an object being deleted: it goes now. */
  | { kind: 'delete'; object: KubeObject };

/** Metadata the client cannot change through an update. */
const systemFields: (keyof ObjectMeta)[] = ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'namespace', 'name'];

/**
 * Decides what an update (PUT, or the result of a PATCH) stores, as upstream's
 * rest.BeforeUpdate and the registry strategies do.
 */
export function decideUpdate(input: UpdateInput): UpdateDecision {
  const { info, body, current } = input;
  const old = current.object;
  checkBodyMatchesRequest(info, body, input.namespace);
  const bodyName = body.metadata?.name;
  if (bodyName && bodyName !== input.name) {
    throw errors.badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${input.name})`);
  }
  const precondition = body.metadata?.resourceVersion;
  if (precondition && precondition !== old.metadata.resourceVersion) {
    throw errors.conflict(info.group, info.resource, input.name);
  }

  let next: KubeObject;
  if (input.subresource === 'status') {
    next = { ...old, status: body.status };
  } else if (input.subresource === 'ephemeralcontainers') {
    // Upstream's dropNonEphemeralContainerUpdates: all else stays as stored.
    next = { ...old, spec: { ...(old.spec as object), ephemeralContainers: (body.spec as { ephemeralContainers?: unknown } | undefined)?.ephemeralContainers } };
  } else {
    const metadata: ObjectMeta = { ...(body.metadata ?? {}) };
    for (const field of systemFields) {
      if (old.metadata[field] === undefined) delete metadata[field];
      else metadata[field] = old.metadata[field];
    }
    next = { ...body, apiVersion: apiVersionOf(info), kind: info.kind, metadata };
    if (hasStatusSubresource(info)) {
      if (old.status === undefined) delete next.status;
      else next.status = old.status;
    }
    if (isNamespace(info) && input.subresource !== 'finalize') next = withSpecFinalizersOf(old, next);
  }
  next.metadata = { ...next.metadata, resourceVersion: old.metadata.resourceVersion };

  let updated = admitBySubresource(input, next, old);
  // Compared after defaulting: a client leaving out defaulted fields has not changed the spec.
  if (tracksGeneration(info) && !isDeepStrictEqual(updated.spec, old.spec)) {
    updated = { ...updated, metadata: { ...updated.metadata, generation: (old.metadata.generation ?? 0) + 1 } };
  }
  if (isService(info) && input.addresses) updated = allocateServiceAddresses(updated, takenAddresses(input.addresses.liveServices()), input.addresses.config, old, input.addresses.random);
  const admitted = withManagedFields(input.manager, old, updated, input.now);
  if (sameContent(admitted, old)) return { kind: 'unchanged', object: old };
  if (endsDeletion(info, old, admitted)) return { kind: 'delete', object: admitted };
  return { kind: 'update', object: admitted };
}

/** The admission of the write's subresource: its status, its ephemeral containers, or the object. */
function admitBySubresource(input: UpdateInput, next: KubeObject, old: KubeObject): KubeObject {
  switch (input.subresource) {
    case 'status':
      return admitStatus(input.info, next, old, input.now);
    case 'ephemeralcontainers':
      return admitEphemeralContainers(input.info, next, old);
    default:
      return admitUpdate(input.info, next, old);
  }
}

/**
 * Upstream's shouldDeleteDuringUpdate: a write that leaves an object being deleted without finalizers
 * ends it, unless a grace period still runs (a Terminating pod whose labels or status are written
 * stays until its kubelet deletes it at grace 0).
 */
function endsDeletion(info: ResourceInfo, old: KubeObject, admitted: KubeObject): boolean {
  if (!admitted.metadata.deletionTimestamp || admitted.metadata.finalizers?.length || hasNamespaceFinalizers(info, admitted)) return false;
  return !old.metadata.deletionGracePeriodSeconds;
}

/**
 * Admission of a status write. As upstream's status strategies (podStatusStrategy.PrepareForUpdate:
 * `newPod.Spec = oldPod.Spec`), it keeps the stored spec, and here the stored metadata too; both were
 * defaulted and validated when written, and upstream validates no spec on a status write. So only
 * the new status is defaulted (Node allocatable, Namespace phase), on a copy holding nothing else:
 * status defaults read only the status, and every kind's defaulting takes a missing spec. A
 * PersistentVolume's phase change is stamped; the status is stored as upstream's Go type prints it.
 */
function admitStatus(info: ResourceInfo, next: KubeObject, old: KubeObject, now: Date): KubeObject {
  const { status } = applyDefaults({ apiVersion: next.apiVersion, kind: next.kind, metadata: {}, status: next.status }, 'update');
  const stamped = isPersistentVolume(info) ? withPhaseTransitionTime(old.status as PersistentVolumeStatus | undefined, status as PersistentVolumeStatus | undefined, now) : status;
  return { ...next, status: storedStatus(next.apiVersion, next.kind, stamped) };
}

function isPersistentVolume(info: ResourceInfo): boolean {
  return info.group === '' && info.resource === 'persistentvolumes';
}

function isNamespace(info: ResourceInfo): boolean {
  return info.group === '' && info.resource === 'namespaces';
}

/** Upstream namespaceStrategy.PrepareForUpdate: `newNamespace.Spec.Finalizers = oldNamespace.Spec.Finalizers`. */
function withSpecFinalizersOf(old: KubeObject, next: KubeObject): KubeObject {
  const finalizers = (old.spec as { finalizers?: string[] } | undefined)?.finalizers;
  const { finalizers: _ignored, ...spec } = (next.spec ?? {}) as { finalizers?: string[] };
  return { ...next, spec: finalizers === undefined ? spec : { ...spec, finalizers } };
}

/** Upstream skips writes that change nothing but managedFields timestamps. */
export function sameContent(a: KubeObject, b: KubeObject): boolean {
  return isDeepStrictEqual(withoutVolatile(a), withoutVolatile(b));
}

function withoutVolatile(object: KubeObject): KubeObject {
  const { resourceVersion: _rv, managedFields: _mf, ...metadata } = object.metadata;
  return { ...object, metadata };
}
