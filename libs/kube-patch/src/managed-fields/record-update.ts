import type { KubeObject } from '@kronicle/contracts';
import { NO_META, type TypeMeta } from '../patch-meta/patch-meta';
import { isEmpty, union } from './field-set';
import { decodeManagers, encodeManagers, managerId, rfc3339, stripServerFields, type Managers } from './managers';
import { transferOwnership } from './ownership';

/** The object without `metadata.managedFields`, which never takes part in ownership. */
export function withoutManagedFields(object: KubeObject | undefined): Record<string, unknown> {
  if (!object) return {};
  const { managedFields: _, ...metadata } = object.metadata ?? {};
  return { ...object, metadata };
}

/**
 * Records in `managers` that `manager` changed `before` into `after` with an ordinary write (upstream's
 * `managedFieldsUpdater.Update`): it now owns what it added or changed, others lose it, and its entry's
 * time moves only when it changed something.
 */
export function recordChange(manager: string, before: unknown, after: KubeObject, managers: Managers, type: TypeMeta, now: Date): void {
  const comparison = transferOwnership({ value: before, type }, { value: after, type }, managers, '', true);
  const changed = stripServerFields(union(comparison.added, comparison.modified));
  if (isEmpty(changed)) return;
  const entry = { manager, operation: 'Update' as const, apiVersion: after.apiVersion };
  const id = managerId(entry);
  const previous = managers.get(id)?.fields;
  managers.set(id, { ...entry, time: rfc3339(now), fields: previous ? union(previous, changed) : changed });
}

/**
 * `metadata.managedFields` maintenance for create, update and non-apply patches (upstream's
 * `FieldManager.Update`). Managed fields the client sent are kept when it sent any (so clients can reset
 * them), else the old object's are used. Returns `newObject` with its managed fields updated.
 */
export function recordUpdate(
  manager: string,
  oldObject: KubeObject | undefined,
  newObject: KubeObject,
  now: Date,
  meta: TypeMeta = NO_META,
): KubeObject {
  const sent = newObject.metadata?.managedFields;
  const managers = decodeManagers(Array.isArray(sent) && sent.length > 0 ? sent : oldObject?.metadata?.managedFields);
  const after = withoutManagedFields(newObject) as KubeObject;
  recordChange(manager, withoutManagedFields(oldObject), after, managers, meta, now);
  const managedFields = encodeManagers(managers);
  return { ...after, metadata: { ...after.metadata, ...(managedFields.length > 0 && { managedFields }) } };
}
