import type { KubeObject } from '@kronicle/contracts';
import type { FieldCause } from './field-error';
import { kindRules } from './kinds';
import { validateObjectMeta, validateObjectMetaUpdate } from './validation/object-meta';

/** Upstream create validation: metadata, then the kind's own rules. Call on the defaulted object. */
export function validateCreate(object: KubeObject): FieldCause[] {
  const rules = kindRules(object);
  if (!rules) return [];
  return [...validateObjectMeta(object.metadata, rules.namespaced, rules.name), ...(rules.validate?.(object) ?? [])];
}

/** Upstream update validation: metadata identity, then the kind's rules including immutability. */
export function validateUpdate(object: KubeObject, oldObject: KubeObject): FieldCause[] {
  const rules = kindRules(object);
  if (!rules) return [];
  const own = rules.validateUpdate ? rules.validateUpdate(object, oldObject) : (rules.validate?.(object) ?? []);
  return [...validateObjectMetaUpdate(object.metadata, oldObject.metadata), ...own];
}

export function isServedKind(object: { apiVersion?: string; kind?: string }): boolean {
  return kindRules(object) !== undefined;
}
