import { difference, emptySet, fromFieldsV1, insert, isEmpty, toFieldsV1, type FieldSet } from './field-set';

/** One `metadata.managedFields` entry, decoded. */
export interface Manager {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  subresource?: string;
  fields: FieldSet;
}

/** Managers by upstream's identifier (`BuildManagerIdentifier`). */
export type Managers = Map<string, Manager>;

/** The entry without time and fields; appliers keep their identity across API versions. */
export function managerId(entry: Pick<Manager, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  return JSON.stringify({
    manager: entry.manager,
    operation: entry.operation,
    ...(entry.operation === 'Update' && { apiVersion: entry.apiVersion }),
    ...(entry.subresource && { subresource: entry.subresource }),
  });
}

export function decodeManagers(managedFields: unknown): Managers {
  const managers: Managers = new Map();
  for (const entry of (Array.isArray(managedFields) ? managedFields : []) as Record<string, unknown>[]) {
    const manager: Manager = {
      manager: String(entry.manager ?? ''),
      operation: entry.operation === 'Apply' ? 'Apply' : 'Update',
      apiVersion: String(entry.apiVersion ?? ''),
      ...(typeof entry.time === 'string' && { time: entry.time }),
      ...(typeof entry.subresource === 'string' && entry.subresource && { subresource: entry.subresource }),
      fields: fromFieldsV1(entry.fieldsV1),
    };
    managers.set(managerId(manager), manager);
  }
  return managers;
}

/** Fields the server sets itself, never owned by anyone (upstream's `stripMetaManager`). */
const STRIPPED = emptySet();
for (const path of [['apiVersion'], ['kind'], ['metadata'], ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map((f) => ['metadata', f])]) {
  insert(STRIPPED, path.map((name) => `f:${name}`));
}

export const stripServerFields = (fields: FieldSet): FieldSet => difference(fields, STRIPPED);

/** `metadata.managedFields` as upstream writes it: server fields stripped, empty entries dropped, sorted. */
export function encodeManagers(managers: Managers): Record<string, unknown>[] {
  return [...managers.values()]
    .map((manager) => ({ ...manager, fields: stripServerFields(manager.fields) }))
    .filter((manager) => !isEmpty(manager.fields))
    .sort(
      (a, b) =>
        compare(a.operation, b.operation) ||
        compare(a.time ?? '', b.time ?? '') ||
        compare(a.manager, b.manager) ||
        compare(a.apiVersion, b.apiVersion) ||
        compare(a.subresource ?? '', b.subresource ?? ''),
    )
    .map((manager) => ({
      manager: manager.manager,
      operation: manager.operation,
      apiVersion: manager.apiVersion,
      ...(manager.time && { time: manager.time }),
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1(manager.fields),
      ...(manager.subresource && { subresource: manager.subresource }),
    }));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** RFC 3339 with whole seconds, as `metav1.Time` serialises. */
export const rfc3339 = (now: Date): string => now.toISOString().replace(/\.\d{3}Z$/, 'Z');
