import { type FieldCause, child, invalid, required } from '../field-error';
import { GoText } from '../go-value';
import { type Json, IS_NEGATIVE, nonNegative, notMoreThan100Percent, oneOf, positiveIntOrPercent, qualifiedName } from './common';
import { validateLabelSelector } from './labels';

/** Upstream coordination `ValidateLeaseSpec`. */
export function validateLease(lease: Json): FieldCause[] {
  const s = lease.spec ?? {};
  const causes: FieldCause[] = [];
  if (typeof s.leaseDurationSeconds === 'number' && s.leaseDurationSeconds <= 0)
    causes.push(invalid('spec.leaseDurationSeconds', s.leaseDurationSeconds, 'must be greater than 0'));
  if (typeof s.leaseTransitions === 'number' && s.leaseTransitions < 0)
    causes.push(invalid('spec.leaseTransitions', s.leaseTransitions, IS_NEGATIVE));
  return causes;
}

/** Upstream apps `ValidateControllerRevision`. */
export function validateControllerRevision(revision: Json): FieldCause[] {
  const causes = revision.data == null ? [required('data', 'data is mandatory')] : [];
  return [...causes, ...nonNegative(revision.revision, 'revision')];
}

/** Upstream core `legacyValidateEvent` for events without eventTime: namespaces must agree. */
export function validateCoreEvent(event: Json): FieldCause[] {
  if (event.eventTime) return validateNewStyleEvent(event, 'reportingComponent', 'message');
  const namespace = event.metadata?.namespace ?? '';
  const involved = event.involvedObject?.namespace ?? '';
  const agrees = involved ? namespace === involved : namespace === '' || namespace === 'default';
  return agrees ? [] : [invalid(child('involvedObject', 'namespace'), involved, 'does not match event.namespace')];
}

/** events.k8s.io/v1 Events must say who reported what and when. */
export function validateEventsV1Event(event: Json): FieldCause[] {
  const causes = event.eventTime ? [] : [required('eventTime')];
  causes.push(...validateNewStyleEvent(event, 'reportingController', 'note'));
  if (event.type !== 'Normal' && event.type !== 'Warning') causes.push(invalid('type', '', `has invalid value: ${event.type ?? ''}`));
  return causes;
}

function validateNewStyleEvent(event: Json, controllerField: string, noteField: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const controller = event[controllerField] ?? '';
  if (!controller) causes.push(required(controllerField));
  causes.push(...qualifiedName(controller, controllerField));
  const limited = (field: string, limit: number) => {
    const value = String(event[field] ?? '');
    if (!value && field !== noteField) causes.push(required(field));
    if (value.length > limit) causes.push(invalid(field, '', `can have at most ${limit} characters`));
  };
  limited('reportingInstance', 128);
  limited('action', 128);
  limited('reason', 128);
  limited(noteField, 1024);
  return causes;
}

/** Upstream policy `ValidatePodDisruptionBudgetSpec`. */
export function validatePodDisruptionBudget(pdb: Json): FieldCause[] {
  const s = pdb.spec ?? {};
  const causes: FieldCause[] = [];
  // Upstream prints the whole spec struct (with pointer addresses); the type name stands for it.
  if (s.minAvailable != null && s.maxUnavailable != null) causes.push(invalid('spec', new GoText('policy.PodDisruptionBudgetSpec'), 'minAvailable and maxUnavailable cannot be both set'));
  for (const field of ['minAvailable', 'maxUnavailable']) {
    if (s[field] != null) causes.push(...positiveIntOrPercent(s[field], child('spec', field)), ...notMoreThan100Percent(s[field], child('spec', field)));
  }
  causes.push(...validateLabelSelector(s.selector ?? undefined, child('spec', 'selector')));
  if (s.unhealthyPodEvictionPolicy != null) causes.push(...oneOf(s.unhealthyPodEvictionPolicy, ['AlwaysAllow', 'IfHealthyBudget'], child('spec', 'unhealthyPodEvictionPolicy')));
  return causes;
}
