import { type FieldCause, invalid, notSupported, required } from '../field-error';
import { type GoValue, goIntOrString } from '../go-value';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidPercent } from './names';

/**
 * Objects arrive as unvalidated JSON: rules read them through this loose shape and report,
 * rather than trust, what they find.
 */
export type Json = any;

export const IS_NEGATIVE = 'must be greater than or equal to 0';
export const FIELD_IMMUTABLE = 'field is immutable';

export function nonNegative(value: unknown, path: string): FieldCause[] {
  return typeof value === 'number' && value < 0 ? [invalid(path, value, IS_NEGATIVE)] : [];
}

/** One Invalid cause at `path` for each message a check gave about `value`. */
export function invalidEach(path: string, value: string, messages: string[]): FieldCause[] {
  return messages.map((m) => invalid(path, value, m));
}

export function dns1123Label(value: string, path: string): FieldCause[] {
  return isDNS1123Label(value).map((m) => invalid(path, value, m));
}

export function dns1123Subdomain(value: string, path: string): FieldCause[] {
  return isDNS1123Subdomain(value).map((m) => invalid(path, value, m));
}

export function qualifiedName(value: string, path: string): FieldCause[] {
  return isQualifiedName(value).map((m) => invalid(path, value, m));
}

/** Upstream's switch over an enumerated string: empty is Required, unknown is NotSupported. */
export function oneOf(value: unknown, supported: readonly string[], path: string): FieldCause[] {
  if (value === undefined || value === null || value === '') return [required(path)];
  return supported.includes(value as string) ? [] : [notSupported(path, value as GoValue, supported)];
}

/** Go's `apiequality.Semantic.DeepEqual` for JSON: absent and null are the same. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!deepEqual(ao[k], bo[k])) return false;
  return true;
}

export function immutable(value: unknown, old: unknown, path: string, render: GoValue): FieldCause[] {
  return deepEqual(value, old) ? [] : [invalid(path, render, FIELD_IMMUTABLE)];
}

/** The value of an int-or-percent (`intstr.IntOrString`), as upstream's getIntOrPercentValue reads it. */
export function intOrPercentValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return parseInt(value.replace(/%$/, ''), 10) || 0;
  return 0;
}

export function positiveIntOrPercent(value: unknown, path: string): FieldCause[] {
  if (typeof value === 'string') return isValidPercent(value).map((m) => invalid(path, goIntOrString(value), m));
  if (typeof value === 'number') return nonNegative(value, path);
  return [invalid(path, goIntOrString(value as undefined), "must be an integer or percentage (e.g '5%')")];
}

export function notMoreThan100Percent(value: unknown, path: string): FieldCause[] {
  if (typeof value !== 'string' || !value.endsWith('%')) return [];
  return intOrPercentValue(value) > 100 ? [invalid(path, goIntOrString(value), 'must not be greater than 100%')] : [];
}

export function sortedKeys(map: Record<string, unknown> | undefined | null): string[] {
  // Most maps validated (labels, requests) are absent or hold a key or two.
  if (!map) return [];
  const keys = Object.keys(map);
  return keys.length > 1 ? keys.sort() : keys;
}

export const omit = (o: Json, keys: readonly string[]): Json => Object.fromEntries(Object.entries(o ?? {}).filter(([k]) => !keys.includes(k)));
