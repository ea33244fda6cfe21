import { type FieldCause, child, forbidden, index, invalid, required } from '../field-error';
import { GoText } from '../go-value';
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
    ...((m.finalizers ?? []) as string[]).flatMap((f) => qualifiedName(f, child(path, 'finalizers'))),
  ];
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

/** Upstream `ValidateObjectMetaUpdate`: identity fields never change. */
export function validateObjectMetaUpdate(metadata: Json, oldMetadata: Json, path = meta): FieldCause[] {
  const m = metadata ?? {};
  const o = oldMetadata ?? {};
  const causes = validateMetaCommon(m, path);
  const same = (f: string) => deepEqual(m[f], o[f]) || ((m[f] ?? '') === '' && (o[f] ?? '') === '');
  for (const f of ['name', 'namespace', 'uid']) if (!same(f)) causes.push(invalid(child(path, f), m[f] ?? '', FIELD_IMMUTABLE));
  if (!same('creationTimestamp')) causes.push(invalid(child(path, 'creationTimestamp'), goTime(m.creationTimestamp), FIELD_IMMUTABLE));
  return causes;
}
