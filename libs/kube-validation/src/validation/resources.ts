import { type FieldCause, invalid, key, required, child, typeInvalid } from '../field-error';
import { compareQuantities, formatQuantity, parseQuantity, type Quantity, QUANTITY_FORMAT_ERROR, quantitySign } from '../quantity';
import { type Json, IS_NEGATIVE, sortedKeys } from './common';

/**
 * A quantity that does not parse is a decoding error upstream (400 `... cannot be handled as a ...`),
 * reported here as FieldValueTypeInvalid so the API can tell it apart.
 */
export function readQuantity(value: unknown, path: string, causes: FieldCause[]): Quantity | undefined {
  try {
    return parseQuantity(value as string);
  } catch {
    causes.push(typeInvalid(path, String(value), QUANTITY_FORMAT_ERROR));
    return undefined;
  }
}

export function nonNegativeQuantity(q: Quantity, path: string): FieldCause[] {
  return quantitySign(q) < 0 ? [invalid(path, formatQuantity(q), IS_NEGATIVE)] : [];
}

export function positiveQuantity(q: Quantity, path: string): FieldCause[] {
  return quantitySign(q) <= 0 ? [invalid(path, formatQuantity(q), 'must be greater than zero')] : [];
}

const overcommitForbidden = (name: string) => name.startsWith('hugepages-') || (name.includes('/') && !name.startsWith('kubernetes.io/'));

/** Upstream `ValidateResourceRequirements` for a container: quantities, then requests ≤ limits. */
export function validateResourceRequirements(resources: Json, path: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const limitsPath = child(path, 'limits');
  const requestsPath = child(path, 'requests');
  const limits = new Map<string, Quantity>();
  for (const name of sortedKeys(resources?.limits)) {
    const q = readQuantity(resources.limits[name], key(limitsPath, name), causes);
    if (!q) continue;
    limits.set(name, q);
    causes.push(...nonNegativeQuantity(q, key(limitsPath, name)));
  }
  for (const name of sortedKeys(resources?.requests)) {
    const q = readQuantity(resources.requests[name], key(requestsPath, name), causes);
    if (!q) continue;
    causes.push(...nonNegativeQuantity(q, key(requestsPath, name)));
    const limit = limits.get(name);
    if (limit) {
      if (compareQuantities(q, limit) !== 0 && overcommitForbidden(name))
        causes.push(invalid(requestsPath, formatQuantity(q), `must be equal to ${name} limit of ${formatQuantity(limit)}`));
      else if (compareQuantities(q, limit) > 0)
        causes.push(invalid(requestsPath, formatQuantity(q), `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`));
    } else if (overcommitForbidden(name)) {
      causes.push(required(limitsPath, 'Limit must be set for non overcommitable resources'));
    }
  }
  return causes;
}
