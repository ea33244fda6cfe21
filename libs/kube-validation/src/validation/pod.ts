import { type FieldCause, child, forbidden, index, invalid, required } from '../field-error';
import { GoText, goStringMap } from '../go-value';
import { type Json, deepEqual } from './common';
import { MAX_INT32, inclusiveRangeError } from './names';
import { validatePodSpec } from './pod-spec';

export function validatePod(pod: Json): FieldCause[] {
  return validatePodSpec(pod.spec ?? {}, 'spec');
}

/** Ephemeral containers are only added later, through their subresource; a pod is bound only once its scheduling gates are gone. */
export function validatePodCreate(pod: Json): FieldCause[] {
  const causes = validatePod(pod);
  if ((pod.spec?.ephemeralContainers ?? []).length > 0) causes.push(forbidden(child('spec', 'ephemeralContainers'), 'cannot be set on create'));
  // A pod may not be bound while scheduling gates hold it back.
  if (pod.spec?.nodeName && (pod.spec?.schedulingGates ?? []).length > 0)
    causes.push(forbidden(child('spec', 'nodeName'), 'cannot be set until all schedulingGates have been cleared'));
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
 * Upstream `ValidatePodUpdate`: the updatable fields are checked one by one (images, a deadline only
 * set or lowered, tolerations only added, scheduling gates only removed, a gated pod's nodeSelector only
 * extended), then the new spec must equal the old one once they are copied over. Upstream appends a Go
 * `cmp.Diff` of the specs to the last message; that part is not reproduced.
 */
export function validatePodUpdate(pod: Json, old: Json): FieldCause[] {
  const causes = validatePod(pod);
  const next = pod.spec ?? {};
  const prev = old.spec ?? {};
  for (const list of ['containers', 'initContainers']) {
    const updated = containerUpdateCauses(next[list], prev[list], child('spec', list));
    causes.push(...updated.causes);
    if (updated.stop) return causes;
  }
  const deadline = child('spec', 'activeDeadlineSeconds');
  if (next.activeDeadlineSeconds != null) {
    const seconds = next.activeDeadlineSeconds;
    if (seconds < 0 || seconds > MAX_INT32) return [...causes, invalid(deadline, seconds, inclusiveRangeError(0, MAX_INT32))];
    if (prev.activeDeadlineSeconds != null && prev.activeDeadlineSeconds < seconds) return [...causes, invalid(deadline, seconds, 'must be less than or equal to previous value')];
  } else if (prev.activeDeadlineSeconds != null) causes.push(invalid(deadline, 'null', 'must not update from a positive integer to nil value'));
  causes.push(...onlyAddedTolerations(next.tolerations, prev.tolerations), ...onlyDeletedSchedulingGates(next.schedulingGates, prev.schedulingGates));

  const withImages = (containers: Json[] | undefined, from: Json[] | undefined) => containers?.map((c, i) => ({ ...c, image: from?.[i]?.image }));
  const munged: Json = {
    ...next,
    containers: withImages(next.containers, prev.containers),
    initContainers: withImages(next.initContainers, prev.initContainers),
    activeDeadlineSeconds: prev.activeDeadlineSeconds,
    schedulingGates: prev.schedulingGates,
    tolerations: prev.tolerations,
    terminationGracePeriodSeconds: prev.terminationGracePeriodSeconds < 0 && next.terminationGracePeriodSeconds === 1 ? prev.terminationGracePeriodSeconds : next.terminationGracePeriodSeconds,
  };
  // A pod held back by scheduling gates may still be narrowed to nodes (how queueing systems such as Kueue place it).
  if ((prev.schedulingGates ?? []).length > 0) causes.push(...narrowedPlacement(munged, prev));
  if (!deepEqual(munged, prev))
    causes.push(forbidden(child('spec'), `pod updates may not change fields other than ${updatableFields.join(',')}`));
  return causes;
}

/**
 * Upstream's checks of a gated pod's placement: its nodeSelector may only gain entries, and the terms of
 * its required node affinity only gain requirements (no term added or removed once there are some).
 * `munged` gets the old placement back, so that the comparison of the rest passes over it.
 */
function narrowedPlacement(munged: Json, prev: Json): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!deepEqual(munged.nodeSelector, prev.nodeSelector)) {
    const kept = Object.entries((prev.nodeSelector ?? {}) as Record<string, string>).every(([k, v]) => munged.nodeSelector?.[k] === v);
    if (!kept) causes.push(invalid(child('spec', 'nodeSelector'), goStringMap(munged.nodeSelector), 'only additions to spec.nodeSelector are allowed (no mutations or deletions)'));
    munged.nodeSelector = prev.nodeSelector;
  }
  const oldAffinity = prev.affinity?.nodeAffinity;
  if (deepEqual(munged.affinity?.nodeAffinity, oldAffinity)) return causes;
  const termsPath = child('spec', 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms');
  const oldTerms = (oldAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) as Json[];
  const newTerms = (munged.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) as Json[];
  if (oldTerms.length > 0 && oldTerms.length !== newTerms.length) causes.push(invalid(termsPath, new GoText('[]core.NodeSelectorTerm{...}'), 'no additions/deletions to non-empty NodeSelectorTerms list are allowed'));
  else
    oldTerms.forEach((term, i) => {
      if (!onlyAdditions(newTerms[i], term)) causes.push(invalid(index(termsPath, i), new GoText('core.NodeSelectorTerm{...}'), 'only additions are allowed (no mutations or deletions)'));
    });
  if (munged.affinity && !prev.affinity && !munged.affinity.podAffinity && !munged.affinity.podAntiAffinity) delete munged.affinity;
  else if (munged.affinity || oldAffinity) munged.affinity = { ...munged.affinity, nodeAffinity: oldAffinity };
  return causes;
}

/** Upstream `validateNodeSelectorTermHasOnlyAdditions`: the old requirements, in order, then any new ones. */
function onlyAdditions(next: Json | undefined, old: Json): boolean {
  return ['matchExpressions', 'matchFields'].every((list) => {
    const before = (old[list] ?? []) as Json[];
    const after = (next?.[list] ?? []) as Json[];
    return before.length <= after.length && before.every((requirement, i) => deepEqual(requirement, after[i]));
  });
}

/** Upstream `ValidateContainerUpdates`: as many containers as before, each with an image; `stop` ends the update's validation there. */
function containerUpdateCauses(next: Json[] | undefined, prev: Json[] | undefined, path: string): { causes: FieldCause[]; stop: boolean } {
  if ((next ?? []).length !== (prev ?? []).length) return { causes: [forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const causes: FieldCause[] = [];
  (next ?? []).forEach((c, i) => {
    const image = typeof c.image === 'string' ? c.image : '';
    if (image === '') causes.push(required(child(index(path, i), 'image')));
    if (image.trim() !== image) causes.push(invalid(child(index(path, i), 'image'), image, 'must not have leading or trailing whitespace'));
  });
  return { causes, stop: false };
}

/** Upstream `validateOnlyAddedTolerations`: every old toleration is still there, its tolerationSeconds aside. */
function onlyAddedTolerations(next: Json[] | undefined, prev: Json[] | undefined): FieldCause[] {
  const kept = (prev ?? []).every((old) => (next ?? []).some((t) => deepEqual({ ...old, tolerationSeconds: t.tolerationSeconds }, t)));
  return kept ? [] : [forbidden(child('spec', 'tolerations'), 'existing toleration can not be modified except its tolerationSeconds')];
}

/** Upstream `validateOnlyDeletedSchedulingGates`: a gate the pod did not have is refused. */
function onlyDeletedSchedulingGates(next: Json[] | undefined, prev: Json[] | undefined): FieldCause[] {
  const had = new Set((prev ?? []).map((g) => g.name));
  return (next ?? []).flatMap((g, i) =>
    had.has(g.name) ? [] : [forbidden(child(index(child('spec', 'schedulingGates'), i), 'name'), `only deletion is allowed, but found new scheduling gate '${g.name}'`)],
  );
}
