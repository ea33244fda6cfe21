import { type FieldCause, forbidden, notSupported } from '../field-error';
import { type Json, immutable } from './common';

const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
const systemClasses: Record<string, number> = { 'system-node-critical': 2_000_001_000, 'system-cluster-critical': 2_000_000_000 };

function systemClassError(name: string, value: number, globalDefault: boolean): string | undefined {
  if (!(name in systemClasses)) return `${name} is not a known system priority class`;
  if (value !== systemClasses[name]) return `value of ${name} PriorityClass must be ${systemClasses[name]}`;
  if (globalDefault) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}

/** Upstream scheduling `ValidatePriorityClass`. */
export function validatePriorityClass(pc: Json): FieldCause[] {
  const causes: FieldCause[] = [];
  const name = String(pc.metadata?.name ?? '');
  if (name.startsWith('system-')) {
    const error = systemClassError(name, pc.value, pc.globalDefault === true);
    if (error) causes.push(forbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: ${error}`));
  } else if (pc.value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    causes.push(forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  if (pc.preemptionPolicy != null && !['Never', 'PreemptLowerPriority'].includes(pc.preemptionPolicy))
    causes.push(notSupported('preemptionPolicy', pc.preemptionPolicy, ['Never', 'PreemptLowerPriority']));
  return causes;
}

export function validatePriorityClassUpdate(pc: Json, old: Json): FieldCause[] {
  const causes = validatePriorityClass(pc);
  if (pc.value !== old.value) causes.push(forbidden('value', 'may not be changed in an update.'));
  causes.push(...immutable(pc.preemptionPolicy, old.preemptionPolicy, 'preemptionPolicy', pc.preemptionPolicy));
  return causes;
}
