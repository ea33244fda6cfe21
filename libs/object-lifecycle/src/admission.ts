import type { KubeObject } from '@kronicle/contracts';
import { applyDefaults, invalidMessage, validateCreate, validateUpdate, type FieldCause } from '@kronicle/kube-validation';
import { errors } from './api-error';
import { withDefaultTolerationSeconds } from './default-toleration-seconds';
import { keepPodPriority, withPodPriority } from './pod-priority';
import type { ResourceInfo } from './resource-info';

/**
 * Upstream order: default, then validate; any cause rejects the write with 422 and nothing is appended.
 * Mutating admission runs after defaulting and before validation, as upstream's chain does: for pods,
 * DefaultTolerationSeconds and Priority (which reads the PriorityClasses).
 */
export function admitCreate(info: ResourceInfo, object: KubeObject, priorityClasses: () => readonly KubeObject[] = () => []): KubeObject {
  const defaulted = isPods(info) ? withPodPriority(withDefaultTolerationSeconds(applyDefaults(object)), priorityClasses()) : applyDefaults(object);
  rejectIfInvalid(info, defaulted, validateCreate(defaulted));
  return defaulted;
}

export function admitUpdate(info: ResourceInfo, object: KubeObject, old: KubeObject): KubeObject {
  const defaulted = isPods(info) ? keepPodPriority(applyDefaults(object, 'update'), old) : applyDefaults(object, 'update');
  rejectIfInvalid(info, defaulted, validateUpdate(defaulted, old));
  return defaulted;
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
