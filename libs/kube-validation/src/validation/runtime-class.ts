import { type FieldCause, child, duplicate, index } from '../field-error';
import { type Json, dns1123Label, immutable } from './common';
import { validateLabels } from './labels';
import { goToleration, validateTolerations } from './pod-spec';
import { validateResourceRequirements } from './resources';

/**
 * Upstream `ValidateRuntimeClass` (node.k8s.io/v1): a DNS-label handler, an overhead of valid
 * quantities (checked as a container's limits are), and scheduling constraints that are valid labels
 * and tolerations, none twice.
 */
export function validateRuntimeClass(runtimeClass: Json): FieldCause[] {
  const causes = dns1123Label(runtimeClass.handler ?? '', 'handler');
  if (runtimeClass.overhead) causes.push(...validateResourceRequirements({ limits: runtimeClass.overhead.podFixed }, 'overhead'));
  const scheduling = runtimeClass.scheduling;
  if (scheduling) {
    causes.push(...validateLabels(scheduling.nodeSelector, child('scheduling', 'nodeSelector')));
    // Upstream reports the tolerations one level deeper than the field, and its duplicates (same key,
    // operator, value and effect) at the field itself.
    const tolerations = (scheduling.tolerations ?? []) as Json[];
    causes.push(...validateTolerations(tolerations, child('scheduling', 'tolerations', 'tolerations')));
    const seen = new Set<string>();
    tolerations.forEach((t, i) => {
      const listKey = JSON.stringify([t.key ?? '', t.operator ?? '', t.value ?? '', t.effect ?? '']);
      if (seen.has(listKey)) causes.push(duplicate(index(child('scheduling', 'tolerations'), i), goToleration(t)));
      seen.add(listKey);
    });
  }
  return causes;
}

/** Upstream `ValidateRuntimeClassUpdate`: valid, and the same handler. */
export function validateRuntimeClassUpdate(runtimeClass: Json, old: Json): FieldCause[] {
  return [...validateRuntimeClass(runtimeClass), ...immutable(runtimeClass.handler, old.handler, 'handler', runtimeClass.handler ?? '')];
}
