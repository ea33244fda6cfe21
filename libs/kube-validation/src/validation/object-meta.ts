import { type FieldCause, child, forbidden, index, invalid, required } from '../field-error';
import { GoText, goStringSlice } from '../go-value';
import { type Json, deepEqual, FIELD_IMMUTABLE, nonNegative, qualifiedName } from './common';
import { validateAnnotations, validateLabels } from './labels';
import { type NameValidator, nameIsDNSLabel } from './names';

const meta = 'metadata';

/** Upstream `ValidateObjectMetaAccessor`. The API must have turned generateName into a name already. */
export function validateObjectMeta(metadata: Json, namespaced: boolean, nameFn: NameValidator, path = meta): FieldCause[] {
  const m = metadata ?? {};
  const causes: FieldCause[] = [];
  if (m.generateName) causes.push(...nameFn(m.generateName, true).map((msg) => invalid(child(path, 'generateName'), m.generateName, msg)));
  if (!m.name) causes.push(required(child(path, 'name'), 'name or generateName is required'));
  else causes.push(...nameFn(m.name, false).map((msg) => invalid(child(path, 'name'), m.name, msg)));
  if (namespaced) {
    if (!m.namespace) causes.push(required(child(path, 'namespace')));
    else causes.push(...nameIsDNSLabel(m.namespace, false).map((msg) => invalid(child(path, 'namespace'), m.namespace, msg)));
  } else if (m.namespace) {
    causes.push(forbidden(child(path, 'namespace'), 'not allowed on this type'));
  }
  causes.push(...validateMetaCommon(m, path));
  return causes;
}

function validateMetaCommon(m: Json, path: string): FieldCause[] {
  return [
    ...nonNegative(m.generation, child(path, 'generation')),
    ...validateLabels(m.labels, child(path, 'labels')),
    ...validateAnnotations(m.annotations, child(path, 'annotations')),
    ...validateOwnerReferences(m.ownerReferences, child(path, 'ownerReferences')),
    ...validateFinalizers(m.finalizers ?? [], child(path, 'finalizers')),
  ];
}

function validateFinalizers(finalizers: string[], path: string): FieldCause[] {
  const causes = finalizers.flatMap((f) => qualifiedName(f, path));
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion'))
    causes.push(invalid(path, goStringSlice(finalizers), 'finalizer orphan and foregroundDeletion cannot be both set'));
  return causes;
}

function validateOwnerReferences(refs: Json[] | undefined, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  (refs ?? []).forEach((ref, i) => {
    const p = index(path, i);
    const apiVersion = String(ref.apiVersion ?? '');
    const version = apiVersion.includes('/') ? apiVersion.split('/')[1] : apiVersion;
    if (!version) causes.push(invalid(child(p, 'apiVersion'), apiVersion, 'version must not be empty'));
    if (!ref.kind) causes.push(invalid(child(p, 'kind'), ref.kind ?? '', 'kind must not be empty'));
    if (!ref.name) causes.push(invalid(child(p, 'name'), ref.name ?? '', 'name must not be empty'));
    if (!ref.uid) causes.push(invalid(child(p, 'uid'), ref.uid ?? '', 'uid must not be empty'));
  });
  return causes;
}

/** Go prints a `metav1.Time` with `time.Time.String()`. */
function goTime(value: string | undefined): GoText {
  if (!value) return new GoText('0001-01-01 00:00:00 +0000 UTC');
  const iso = new Date(value).toISOString();
  return new GoText(`${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000 UTC`);
}

/**
 * Upstream `ValidateObjectMetaAccessorUpdate`: identity fields never change, and an object being
 * deleted gains no finalizers. The resourceVersion and generation checks are left to the API, which
 * fills both in from the stored object before validating.
 */
export function validateObjectMetaUpdate(metadata: Json, oldMetadata: Json, path = meta): FieldCause[] {
  const m = metadata ?? {};
  const o = oldMetadata ?? {};
  const causes: FieldCause[] = [];
  if (o.deletionTimestamp) {
    const added = ((m.finalizers ?? []) as string[]).filter((f) => !(o.finalizers ?? []).includes(f)).sort();
    if (added.length)
      causes.push(forbidden(child(path, 'finalizers'), `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(added).text}`));
  }
  const changed = (f: string) => !deepEqual(m[f] || undefined, o[f] || undefined);
  for (const f of ['name', 'namespace', 'uid']) if (changed(f)) causes.push(invalid(child(path, f), m[f] ?? '', FIELD_IMMUTABLE));
  if (changed('creationTimestamp')) causes.push(invalid(child(path, 'creationTimestamp'), goTime(m.creationTimestamp), FIELD_IMMUTABLE));
  if (changed('deletionTimestamp'))
    causes.push(invalid(child(path, 'deletionTimestamp'), m.deletionTimestamp ? goTime(m.deletionTimestamp) : null, FIELD_IMMUTABLE));
  if (!deepEqual(m.deletionGracePeriodSeconds, o.deletionGracePeriodSeconds))
    causes.push(invalid(child(path, 'deletionGracePeriodSeconds'), m.deletionGracePeriodSeconds ?? null, FIELD_IMMUTABLE));
  return [
    ...causes,
    ...validateLabels(m.labels, child(path, 'labels')),
    ...validateAnnotations(m.annotations, child(path, 'annotations')),
    ...validateOwnerReferences(m.ownerReferences, child(path, 'ownerReferences')),
  ];
}
