import type { Json } from '../validation/common';

/** Upstream scheduling/v1 `SetDefaults_PriorityClass`. */
export function defaultPriorityClass(pc: Json): void {
  pc.preemptionPolicy ||= 'PreemptLowerPriority';
}
