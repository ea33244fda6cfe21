import type { KubeObject } from '@kronicle/contracts';
import { strictDecodingMessage, unknownFieldErrors } from '@kronicle/kube-resources';
import { errors, type ResourceInfo } from '@kronicle/object-lifecycle';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function fieldValidationOf(query: URLSearchParams): FieldValidation {
  const value = query.get('fieldValidation');
  if (value === null || value === '') return 'Warn';
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value;
  throw errors.badRequest(`fieldValidation must be one of "Ignore", "Warn" or "Strict", got "${value}"`);
}

/**
 * Unknown fields, as upstream's decoder finds them: a 400 under Strict (what kubectl sends), a
 * `Warning: 299` header per field under Warn (the server default). Returns the warnings.
 */
export function checkUnknownFields(mode: FieldValidation, info: ResourceInfo, object: KubeObject): string[] {
  if (mode === 'Ignore') return [];
  const found = unknownFieldErrors({ ...object, apiVersion: object.apiVersion ?? (info.group ? `${info.group}/${info.version}` : info.version), kind: object.kind ?? info.kind });
  if (found.length === 0) return [];
  if (mode === 'Strict') throw errors.badRequest(strictDecodingMessage(info.kind, info.version, found));
  return found;
}

export function warningHeader(warnings: string[]): Record<string, string> | undefined {
  return warnings.length ? { warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') } : undefined;
}
