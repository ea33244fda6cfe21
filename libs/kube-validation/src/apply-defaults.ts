import type { KubeObject } from '@kronicle/contracts';
import { cloneJson } from './clone-json';
import { kindRules } from './kinds';

export type Operation = 'create' | 'update';

/**
 * Upstream defaulting for the object's apiVersion and kind, returning a new object. On create it
 * also does what upstream's registry prepares before validation (Job selector from metadata.uid,
 * Namespace finalizer). Idempotent; unknown kinds come back unchanged.
 */
export function applyDefaults(object: KubeObject, operation: Operation = 'create'): KubeObject {
  const copy = cloneJson(object);
  copy.metadata ??= {};
  kindRules(copy)?.defaults?.(copy, operation === 'create');
  return copy;
}
