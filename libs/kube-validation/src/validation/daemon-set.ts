import { type FieldCause, child, forbidden, invalid, notSupported, required } from '../field-error';
import { GoText, goLabelSelector, goIntOrString, goQuote, goStringMap } from '../go-value';
import { type Json, intOrPercentValue, nonNegative, notMoreThan100Percent, positiveIntOrPercent } from './common';
import { selectorIsEmpty, selectorMatches, validateLabelSelector } from './labels';
import { validatePodTemplateSpec } from './pod-spec';
import { selectorImmutable } from './replica-set';

const spec = 'spec';

/** Upstream `ValidateDaemonSetSpec`: a missing selector shows as labels that do not match. */
export function validateDaemonSet(ds: Json): FieldCause[] {
  const s = ds.spec ?? {};
  const template = s.template ?? {};
  const causes = validateLabelSelector(s.selector, child(spec, 'selector'));
  if (!selectorMatches(s.selector, template.metadata?.labels))
    causes.push(invalid(child(spec, 'template', 'metadata', 'labels'), goStringMap(template.metadata?.labels), '`selector` does not match template `labels`'));
  if (s.selector && selectorIsEmpty(s.selector))
    causes.push(invalid(child(spec, 'selector'), goLabelSelector(s.selector), 'empty selector is invalid for daemonset'));
  causes.push(...validatePodTemplateSpec(template, child(spec, 'template')));
  const restartPolicy = template.spec?.restartPolicy;
  if (restartPolicy !== 'Always') causes.push(notSupported(child(spec, 'template', 'spec', 'restartPolicy'), restartPolicy ?? '', ['Always']));
  if (template.spec?.activeDeadlineSeconds != null)
    causes.push(forbidden(child(spec, 'template', 'spec', 'activeDeadlineSeconds'), 'activeDeadlineSeconds in DaemonSet is not Supported'));
  causes.push(...nonNegative(s.minReadySeconds, child(spec, 'minReadySeconds')));
  causes.push(...validateUpdateStrategy(s.updateStrategy ?? {}, child(spec, 'updateStrategy')));
  causes.push(...nonNegative(s.revisionHistoryLimit, child(spec, 'revisionHistoryLimit')));
  return causes;
}

export function validateDaemonSetUpdate(ds: Json, old: Json): FieldCause[] {
  return [...validateDaemonSet(ds), ...selectorImmutable(ds, old)];
}

function validateUpdateStrategy(strategy: Json, path: string): FieldCause[] {
  if (strategy.type === 'OnDelete') return [];
  if (strategy.type !== 'RollingUpdate') {
    const goValue = new GoText(`apps.DaemonSetUpdateStrategy{Type:${goQuote(String(strategy.type ?? ''))}, RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}`);
    return [notSupported(path, goValue, ['RollingUpdate', 'OnDelete'])];
  }
  const ru = strategy.rollingUpdate;
  if (!ru) return [required(child(path, 'rollingUpdate'))];
  const p = child(path, 'rollingUpdate');
  const causes = [
    ...positiveIntOrPercent(ru.maxUnavailable, child(p, 'maxUnavailable')),
    ...positiveIntOrPercent(ru.maxSurge, child(p, 'maxSurge')),
    ...notMoreThan100Percent(ru.maxUnavailable, child(p, 'maxUnavailable')),
    ...notMoreThan100Percent(ru.maxSurge, child(p, 'maxSurge')),
  ];
  const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
  if (hasUnavailable && hasSurge) causes.push(invalid(child(p, 'maxSurge'), goIntOrString(ru.maxSurge), 'may not be set when maxUnavailable is non-zero'));
  if (!hasUnavailable && !hasSurge) causes.push(required(child(p, 'maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
  return causes;
}
