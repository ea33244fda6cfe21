import type { KubeObject } from '@kronicle/contracts';
import { applyDefaults, invalidMessage, validateCreate, validatePodEphemeralContainersUpdate, validateUpdate, type FieldCause } from '@kronicle/kube-validation';
import { errors } from './api-error';
import { withDefaultTolerationSeconds } from './default-toleration-seconds';
import type { ClusterState } from '@kronicle/projection';
import { keepPodPriority, priorityClassesIn, withPodPriority } from './pod-priority';
import { runtimeClassesIn, withRuntimeClass } from './pod-runtime-class';
import { serviceAccountsIn, withServiceAccount, withServiceAccountAlias } from './pod-service-account';
import type { ResourceInfo } from './resource-info';

/** What the mutating admission of a pod's create reads of the cluster. */
export interface PodAdmissionSources {
  /** The PriorityClasses a pod's priority comes from (none given: as if there were none). */
  priorityClasses?: () => readonly KubeObject[];
  /** Whether a namespace has a ServiceAccount (none given: as if every one existed). */
  serviceAccounts?: (namespace: string, name: string) => boolean;
  /** The RuntimeClass of a name (none given: as if there were none). */
  runtimeClass?: (name: string) => KubeObject | undefined;
}

/** The sources a state offers a pod's create, read only when a pod is created: for the API's and the controllers' creates alike. */
export function podAdmissionSourcesIn(state: ClusterState): PodAdmissionSources {
  return { priorityClasses: priorityClassesIn(state), serviceAccounts: serviceAccountsIn(state), runtimeClass: runtimeClassesIn(state) };
}

/**
 * Upstream order: default, then validate; any cause rejects the write with 422 and nothing is appended.
 * Mutating admission runs after defaulting and before validation, as upstream's chain does: for pods,
 * ServiceAccount, DefaultTolerationSeconds, Priority and RuntimeClass.
 */
export function admitCreate(info: ResourceInfo, object: KubeObject, sources: PodAdmissionSources = {}): KubeObject {
  const defaulted = isPods(info) ? admitPod(applyDefaults(object), sources) : applyDefaults(object);
  rejectIfInvalid(info, defaulted, validateCreate(defaulted));
  return defaulted;
}

export function admitUpdate(info: ResourceInfo, object: KubeObject, old: KubeObject): KubeObject {
  const defaulted = isPods(info) ? keepPodPriority(withServiceAccountAlias(applyDefaults(object, 'update')), old) : applyDefaults(object, 'update');
  rejectIfInvalid(info, defaulted, validateUpdate(defaulted, old));
  return defaulted;
}

/** A write through `pods/ephemeralcontainers`: the ephemeral containers defaulted, then upstream's checks of that subresource. */
export function admitEphemeralContainers(info: ResourceInfo, pod: KubeObject, old: KubeObject): KubeObject {
  const defaulted = applyDefaults(pod, 'update');
  rejectIfInvalid(info, defaulted, validatePodEphemeralContainersUpdate(defaulted, old));
  return defaulted;
}

function admitPod(pod: KubeObject, { priorityClasses = () => [], serviceAccounts = () => true, runtimeClass = () => undefined }: PodAdmissionSources): KubeObject {
  return withRuntimeClass(withPodPriority(withDefaultTolerationSeconds(withServiceAccount(pod, serviceAccounts)), priorityClasses()), runtimeClass);
}

function isPods(info: ResourceInfo): boolean {
  return info.group === '' && info.resource === 'pods';
}

function rejectIfInvalid(info: ResourceInfo, object: KubeObject, causes: FieldCause[]): void {
  if (causes.length === 0) return;
  const name = object.metadata.name ?? '';
  // Upstream rejects values of the wrong type (malformed quantities) while decoding, with a 400.
  const undecodable = causes.find((c) => c.reason === 'FieldValueTypeInvalid');
  if (undecodable) throw errors.badRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${undecodable.message}`);
  throw errors.invalid(
    info.kind,
    info.group,
    name,
    invalidMessage(info.kind, info.group, name, causes),
    causes.map(({ reason, message, field }) => ({ reason, message, field })),
  );
}
