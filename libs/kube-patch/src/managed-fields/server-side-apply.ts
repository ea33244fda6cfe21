import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '@kronicle/contracts';
import { badRequest } from '../patch-error';
import { NO_META, type TypeMeta } from '../patch-meta/patch-meta';
import { difference, emptySet, paths, union, withFieldParents, type FieldSet } from './field-set';
import { decodeManagers, encodeManagers, managerId, rfc3339, type Managers } from './managers';
import { mergeApplied } from './merge-applied';
import { transferOwnership } from './ownership';
import { recordChange, withoutManagedFields } from './record-update';
import { removePath, toFieldSet, type Typed } from './walk';

export interface ServerSideApply {
  current: KubeObject | undefined;
  /** The applied configuration, decoded. */
  config: KubeObject;
  fieldManager: string;
  force: boolean;
  now: Date;
  meta?: TypeMeta;
}

/**
 * Server-side apply (upstream's `FieldManager.Apply` over structured-merge-diff's `Updater.Apply`):
 * merges the configuration into the live object, removes what this manager applied last time and no
 * longer applies unless someone else owns it, and records the manager as owner of exactly what it applied.
 * Changing a field another manager owns is a 409 conflict unless `force` takes the field over.
 */
export function applyServerSide({ current, config, fieldManager, force, now, meta = NO_META }: ServerSideApply): KubeObject {
  if (current && config.apiVersion !== current.apiVersion) {
    throw badRequest(
      `Incorrect version specified in apply patch. Specified patch version: ${config.apiVersion}, expected: ${current.apiVersion}`,
    );
  }
  if (config.metadata?.managedFields != null) throw badRequest('metadata.managedFields must be nil');

  const managers = decodeManagers(current?.metadata?.managedFields);
  const live = withoutManagedFields(current);
  // Objects written before managed fields existed: what is there belongs to a pseudo-manager.
  if (current && managers.size === 0) recordChange('before-first-apply', {}, live as KubeObject, managers, meta, now);

  const self = managerId({ manager: fieldManager, operation: 'Apply', apiVersion: config.apiVersion });
  const lastApplied = managers.get(self);
  const applied: Typed = { value: config, type: meta };
  const merged: Typed = { value: mergeApplied({ value: current && live, type: meta }, applied), type: meta };
  managers.set(self, {
    manager: fieldManager,
    operation: 'Apply',
    apiVersion: config.apiVersion,
    ...(lastApplied?.time && { time: lastApplied.time }),
    fields: toFieldSet(applied),
  });
  if (lastApplied) pruneUnapplied(merged, lastApplied.fields, managers);

  transferOwnership({ value: live, type: meta }, merged, managers, self, force);
  const object = merged.value as KubeObject;
  const entry = managers.get(self);
  if (entry && !isDeepStrictEqual(live, object)) entry.time = rfc3339(now);
  const managedFields = encodeManagers(managers);
  return { ...object, metadata: { ...object.metadata, ...(managedFields.length > 0 && { managedFields }) } };
}

/** Upstream's `Updater.prune`: removes what was applied last time and is now owned by no one. */
function pruneUnapplied(merged: Typed, lastApplied: FieldSet, managers: Managers): void {
  const owned = withFieldParents([...managers.values()].reduce((all, manager) => union(all, manager.fields), emptySet()));
  for (const path of paths(difference(withFieldParents(lastApplied), owned))) removePath(merged, path);
}
