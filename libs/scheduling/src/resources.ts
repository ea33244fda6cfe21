import { milliValue, quantityValue } from '@kronicle/kube-validation';
import type { Resources } from './types';

/** Parses a resource list: cpu in millicores, everything else as a rounded-up integer. */
export function resourceList(list: Record<string, string> | undefined): Resources {
  const out: Resources = {};
  for (const [name, value] of Object.entries(list ?? {})) out[name] = Number(name === 'cpu' ? milliValue(String(value)) : quantityValue(String(value)));
  return out;
}

// for…in rather than Object.entries: a snapshot adds up every placed pod, so no array per pod.
export function addResources(into: Resources, add: Resources, sign = 1): void {
  for (const name in add) into[name] = (into[name] ?? 0) + sign * add[name];
}

export function maxResources(into: Resources, other: Resources): void {
  for (const name in other) into[name] = Math.max(into[name] ?? 0, other[name]);
}
