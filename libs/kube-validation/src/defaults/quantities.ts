import { canonicalQuantity, formatQuantity, parseQuantity, roundUp } from '../quantity';
import type { Json } from '../validation/common';

/**
 * The apiserver stores quantities in canonical form (`0.5` → `500m`); values that do not parse
 * are left as they are for validation to report.
 */
export function canonicalField(holder: Json, field: string): void {
  rewrite(holder, field, canonicalQuantity);
}

/** Upstream `SetDefaults_ResourceList` also rounds every amount up to thousandths. */
export function canonicalResourceList(list: Json): void {
  if (!list || typeof list !== 'object') return;
  for (const name of Object.keys(list)) rewrite(list, name, (v) => formatQuantity(roundUp(parseQuantity(v), -3)));
}

function rewrite(holder: Json, field: string, canonical: (value: string | number) => string): void {
  if (!holder || holder[field] === undefined || holder[field] === null) return;
  try {
    holder[field] = canonical(holder[field]);
  } catch {
    // reported by validation
  }
}
