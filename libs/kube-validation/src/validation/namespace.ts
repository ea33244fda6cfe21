import { type FieldCause, invalid } from '../field-error';
import { type Json, qualifiedName } from './common';

const standardFinalizers = ['kubernetes', 'orphan', 'foregroundDeletion'];

/** Upstream `ValidateNamespace`: spec.finalizers are standard names or fully qualified. */
export function validateNamespace(ns: Json): FieldCause[] {
  const path = 'spec.finalizers';
  return ((ns.spec?.finalizers ?? []) as string[]).flatMap((f) => {
    const errs = qualifiedName(f, path);
    if (errs.length) return errs;
    return f.includes('/') || standardFinalizers.includes(f) ? [] : [invalid(path, f, 'name is neither a standard finalizer name nor is it fully qualified')];
  });
}
