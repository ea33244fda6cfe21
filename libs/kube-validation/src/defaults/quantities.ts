import { canonicalQuantity } from '../quantity';
import type { Json } from '../validation/common';

/**
 * The apiserver stores quantities in canonical form (`0.5` → `500m`); values that do not parse
 * are left as they are for validation to report.
 */
export function canonicalField(holder: Json, field: string): void {
  if (!holder || holder[field] === undefined || holder[field] === null) return;
  try {
    holder[field] = canonicalQuantity(holder[field]);
  } catch {
    // reported by validation
  }
}

export function canonicalResourceList(list: Json): void {
  if (!list || typeof list !== 'object') return;
  for (const name of Object.keys(list)) canonicalField(list, name);
}
