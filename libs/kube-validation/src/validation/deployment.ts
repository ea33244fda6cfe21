import { type FieldCause, child, forbidden, invalid, notSupported, required } from '../field-error';
import { GoText, goIntOrString, goQuote } from '../go-value';
import { type Json, intOrPercentValue, nonNegative, notMoreThan100Percent, positiveIntOrPercent } from './common';
import { selectorImmutable, validatePodTemplateForReplicaSet, validateWorkloadSelector } from './replica-set';

const spec = 'spec';

/** Upstream `ValidateDeploymentSpec`. */
export function validateDeployment(d: Json): FieldCause[] {
  const s = d.spec ?? {};
  const causes = [
    ...nonNegative(s.replicas, child(spec, 'replicas')),
    ...validateWorkloadSelector(s.selector, 'deployment'),
    ...validatePodTemplateForReplicaSet(s.selector, s.template, 'ReplicaSet'),
    ...validateStrategy(s.strategy ?? {}, child(spec, 'strategy')),
    ...nonNegative(s.minReadySeconds, child(spec, 'minReadySeconds')),
    ...nonNegative(s.revisionHistoryLimit, child(spec, 'revisionHistoryLimit')),
  ];
  if (typeof s.progressDeadlineSeconds === 'number') {
    causes.push(...nonNegative(s.progressDeadlineSeconds, child(spec, 'progressDeadlineSeconds')));
    if (s.progressDeadlineSeconds <= (s.minReadySeconds ?? 0))
      causes.push(invalid(child(spec, 'progressDeadlineSeconds'), s.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
  }
  return causes;
}

/** Selector immutability comes from the registry strategy, after the spec's own rules. */
export function validateDeploymentUpdate(d: Json, old: Json): FieldCause[] {
  return [...validateDeployment(d), ...selectorImmutable(d, old)];
}

/** `%#v` of an internal `apps.DeploymentStrategy`, as upstream prints an unsupported one. */
function goStrategy(strategy: Json): GoText {
  const ru = strategy.rollingUpdate ? '(*apps.RollingUpdateDeployment)(...)' : '(*apps.RollingUpdateDeployment)(nil)';
  return new GoText(`apps.DeploymentStrategy{Type:${goQuote(String(strategy.type ?? ''))}, RollingUpdate:${ru}}`);
}

function validateStrategy(strategy: Json, path: string): FieldCause[] {
  switch (strategy.type) {
    case 'Recreate':
      return strategy.rollingUpdate ? [forbidden(child(path, 'rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'")] : [];
    case 'RollingUpdate':
      if (!strategy.rollingUpdate) return [required(child(path, 'rollingUpdate'), 'this should be defaulted and never be nil')];
      return validateRollingUpdate(strategy.rollingUpdate, child(path, 'rollingUpdate'));
    default:
      return [notSupported(path, goStrategy(strategy), ['Recreate', 'RollingUpdate'])];
  }
}

function validateRollingUpdate(ru: Json, path: string): FieldCause[] {
  const unavailable = child(path, 'maxUnavailable');
  const causes = [...positiveIntOrPercent(ru.maxUnavailable, unavailable), ...positiveIntOrPercent(ru.maxSurge, child(path, 'maxSurge'))];
  if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0)
    causes.push(invalid(unavailable, goIntOrString(ru.maxUnavailable), 'may not be 0 when `maxSurge` is 0'));
  causes.push(...notMoreThan100Percent(ru.maxUnavailable, unavailable));
  return causes;
}
