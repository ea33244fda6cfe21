import { type FieldCause, child, forbidden } from '../field-error';
import { type Json, deepEqual } from './common';
import { validatePodSpec } from './pod-spec';

export function validatePod(pod: Json): FieldCause[] {
  return validatePodSpec(pod.spec ?? {}, 'spec');
}

/** Ephemeral containers are only added later, through their subresource. */
export function validatePodCreate(pod: Json): FieldCause[] {
  const causes = validatePod(pod);
  if ((pod.spec?.ephemeralContainers ?? []).length > 0) causes.push(forbidden(child('spec', 'ephemeralContainers'), 'cannot be set on create'));
  return causes;
}

/**
 * Upstream `ValidatePodEphemeralContainersUpdate`, for writes through `pods/ephemeralcontainers`:
 * the pod as a whole is valid, and the ephemeral containers it had are all still there, unchanged.
 * Upstream appends a Go `cmp.Diff` of a changed container; that part is not reproduced.
 */
export function validatePodEphemeralContainersUpdate(pod: Json, old: Json): FieldCause[] {
  const causes = validatePod(pod);
  const next = new Map(((pod.spec?.ephemeralContainers ?? []) as Json[]).map((c) => [c.name, c]));
  for (const before of (old.spec?.ephemeralContainers ?? []) as Json[]) {
    const now = next.get(before.name);
    if (!now) causes.push(forbidden(child('spec', 'ephemeralContainers'), `existing ephemeral containers "${before.name}" may not be removed\n`));
    else if (!deepEqual(now, before)) causes.push(forbidden(child('spec', 'ephemeralContainers'), `existing ephemeral containers "${before.name}" may not be changed\n`));
  }
  return causes;
}

const updatableFields = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

/**
 * Upstream `ValidatePodUpdate`: the new spec must equal the old one once the updatable fields are
 * copied over. Upstream appends a Go `cmp.Diff` of the specs to the message; that part is not reproduced.
 */
export function validatePodUpdate(pod: Json, old: Json): FieldCause[] {
  const causes = validatePod(pod);
  const next = pod.spec ?? {};
  const prev = old.spec ?? {};
  const withImages = (containers: Json[] | undefined, from: Json[] | undefined) =>
    containers?.map((c, i) => (from?.[i] ? { ...c, image: from[i].image } : c));
  const munged = {
    ...prev,
    containers: withImages(prev.containers, next.containers),
    initContainers: withImages(prev.initContainers, next.initContainers),
    activeDeadlineSeconds: activeDeadlineAllowed(prev.activeDeadlineSeconds, next.activeDeadlineSeconds) ? next.activeDeadlineSeconds : prev.activeDeadlineSeconds,
    tolerations: tolerationsOnlyAdded(prev.tolerations, next.tolerations) ? next.tolerations : prev.tolerations,
    terminationGracePeriodSeconds:
      prev.terminationGracePeriodSeconds < 0 && next.terminationGracePeriodSeconds === 1 ? 1 : prev.terminationGracePeriodSeconds,
  };
  if (!deepEqual(munged, next))
    causes.push(forbidden(child('spec'), `pod updates may not change fields other than ${updatableFields.join(',')}`));
  return causes;
}

// Upstream lets activeDeadlineSeconds be set, or lowered, but never removed or raised.
function activeDeadlineAllowed(prev: unknown, next: unknown): boolean {
  if (next == null) return prev == null;
  return prev == null || (typeof prev === 'number' && typeof next === 'number' && next <= prev && next > 0);
}

function tolerationsOnlyAdded(prev: Json[] | undefined, next: Json[] | undefined): boolean {
  return (prev ?? []).every((t) => (next ?? []).some((n) => deepEqual(n, t)));
}
