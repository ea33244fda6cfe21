import { type FieldCause, child, forbidden, invalid, notSupported, required } from '../field-error';
import { goLabelSelector, goStringMap } from '../go-value';
import { type Json, immutable, nonNegative } from './common';
import { selectorIsEmpty, selectorMatches, validateLabelSelector } from './labels';
import { validatePodTemplateSpec } from './pod-spec';

const spec = 'spec';

/** Selector presence and shape, shared by ReplicaSet, Deployment and StatefulSet. */
export function validateWorkloadSelector(selector: Json, kind: string): FieldCause[] {
  const path = child(spec, 'selector');
  if (!selector) return [required(path)];
  const causes = validateLabelSelector(selector, path);
  if (selectorIsEmpty(selector)) causes.push(invalid(path, goLabelSelector(selector), `empty selector is invalid for ${kind}`));
  return causes;
}

/** Template labels must be selected; an empty selector selects everything. */
export function selectorMatchesTemplate(selector: Json, template: Json, path: string): FieldCause[] {
  const labels = template?.metadata?.labels;
  if (selectorIsEmpty(selector) || selectorMatches(selector, labels)) return [];
  return [invalid(child(path, 'metadata', 'labels'), goStringMap(labels), '`selector` does not match template `labels`')];
}

/** Upstream `ValidatePodTemplateSpecForReplicaSet`. */
export function validatePodTemplateForReplicaSet(selector: Json, template: Json, kind: string): FieldCause[] {
  const path = child(spec, 'template');
  if (!template) return [required(path)];
  const causes = [...selectorMatchesTemplate(selector, template, path), ...validatePodTemplateSpec(template, path)];
  const restartPolicy = template.spec?.restartPolicy;
  if (restartPolicy !== 'Always') causes.push(notSupported(child(path, 'spec', 'restartPolicy'), restartPolicy ?? '', ['Always']));
  if (template.spec?.activeDeadlineSeconds != null)
    causes.push(forbidden(child(path, 'spec', 'activeDeadlineSeconds'), `activeDeadlineSeconds in ${kind} is not Supported`));
  return causes;
}

/** Upstream `ValidateReplicaSetSpec` (it says "deployment" for an empty selector, as upstream does). */
export function validateReplicaSet(rs: Json): FieldCause[] {
  const s = rs.spec ?? {};
  return [
    ...nonNegative(s.replicas, child(spec, 'replicas')),
    ...nonNegative(s.minReadySeconds, child(spec, 'minReadySeconds')),
    ...validateWorkloadSelector(s.selector, 'deployment'),
    ...validatePodTemplateForReplicaSet(s.selector, s.template, 'ReplicaSet'),
  ];
}

export function validateReplicaSetUpdate(rs: Json, old: Json): FieldCause[] {
  return [...validateReplicaSet(rs), ...selectorImmutable(rs, old)];
}

export function selectorImmutable(obj: Json, old: Json): FieldCause[] {
  return immutable(obj.spec?.selector, old.spec?.selector, child(spec, 'selector'), goLabelSelector(obj.spec?.selector));
}
