import { type FieldCause, forbidden, index, invalid, required, child, tooLong } from '../field-error';
import type { LabelSelector } from '../go-value';
import { type Json, qualifiedName, sortedKeys } from './common';
import { isQualifiedName, isValidLabelValue } from './names';

/** Go iterates maps in random order; keys are sorted here so causes come out deterministically. */
export function validateLabels(labels: Record<string, string> | undefined, path: string): FieldCause[] {
  return sortedKeys(labels).flatMap((k) => [
    ...qualifiedName(k, path),
    ...isValidLabelValue(String(labels![k])).map((m) => invalid(path, labels![k], m)),
  ]);
}

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export function validateAnnotations(annotations: Record<string, string> | undefined, path: string): FieldCause[] {
  // Annotation keys are qualified names in any case.
  const causes = sortedKeys(annotations).flatMap((k) => isQualifiedName(k.toLowerCase()).map((m) => invalid(path, k, m)));
  const size = sortedKeys(annotations).reduce((n, k) => n + Buffer.byteLength(k) + Buffer.byteLength(String(annotations![k])), 0);
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) causes.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  return causes;
}

export function validateLabelSelector(selector: LabelSelector | undefined, path: string): FieldCause[] {
  if (!selector) return [];
  const causes = validateLabels(selector.matchLabels, child(path, 'matchLabels'));
  (selector.matchExpressions ?? []).forEach((expr: Json, i) => {
    const p = index(child(path, 'matchExpressions'), i);
    const values: string[] = expr.values ?? [];
    if (expr.operator === 'In' || expr.operator === 'NotIn') {
      if (values.length === 0) causes.push(required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (expr.operator === 'Exists' || expr.operator === 'DoesNotExist') {
      if (values.length > 0) causes.push(forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      causes.push(invalid(child(p, 'operator'), expr.operator, 'not a valid selector operator'));
    }
    causes.push(...qualifiedName(String(expr.key ?? ''), child(p, 'key')));
    values.forEach((v, j) => causes.push(...isValidLabelValue(v).map((m) => invalid(index(child(p, 'values'), j), v, m))));
  });
  return causes;
}

/**
 * Upstream `LabelSelectorAsSelector(...).Matches(labels)`: a missing selector matches nothing,
 * an empty one matches everything.
 */
export function selectorMatches(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const set = labels ?? {};
  const has = (k: string) => Object.prototype.hasOwnProperty.call(set, k);
  return (
    Object.entries(selector.matchLabels ?? {}).every(([k, v]) => has(k) && set[k] === v) &&
    (selector.matchExpressions ?? []).every((e) => {
      const values = e.values ?? [];
      switch (e.operator) {
        case 'In':
          return has(e.key) && values.includes(set[e.key]);
        case 'NotIn':
          return !has(e.key) || !values.includes(set[e.key]);
        case 'Exists':
          return has(e.key);
        case 'DoesNotExist':
          return !has(e.key);
        default:
          return false;
      }
    })
  );
}

export function selectorIsEmpty(selector: LabelSelector | undefined): boolean {
  return !!selector && Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0;
}
