import { type FieldCause, child, forbidden, invalid, notSupported, required } from '../field-error';
import { GoText } from '../go-value';
import { type Json, deepEqual, nonNegative, omit } from './common';
import { validateAnnotations, validateLabels } from './labels';
import { selectorMatchesTemplate, validateWorkloadSelector } from './replica-set';

const spec = 'spec';
const retentionPolicies = ['Retain', 'Delete'];

/**
 * Upstream `ValidateStatefulSetSpec`. Upstream does not validate the template's PodSpec for
 * StatefulSets (its volume mounts may name volumeClaimTemplates), only labels and annotations.
 */
export function validateStatefulSet(sts: Json): FieldCause[] {
  const s = sts.spec ?? {};
  const causes: FieldCause[] = [];
  const policy = s.podManagementPolicy;
  if (!policy) causes.push(required(child(spec, 'podManagementPolicy')));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel')
    causes.push(invalid(child(spec, 'podManagementPolicy'), policy, "must be 'OrderedReady' or 'Parallel'"));
  causes.push(...validateUpdateStrategy(s.updateStrategy ?? {}));
  const retention = s.persistentVolumeClaimRetentionPolicy;
  if (retention)
    for (const f of ['whenDeleted', 'whenScaled'])
      if (!retentionPolicies.includes(retention[f]))
        causes.push(notSupported(child(spec, 'persistentVolumeClaimRetentionPolicy', f), retention[f] ?? '', retentionPolicies));
  causes.push(...nonNegative(s.replicas, child(spec, 'replicas')));
  if (s.ordinals) causes.push(...nonNegative(s.ordinals.start, child(spec, 'ordinals', 'start')));
  causes.push(...nonNegative(s.minReadySeconds, child(spec, 'minReadySeconds')));
  causes.push(...validateWorkloadSelector(s.selector, 'statefulset'));
  const templatePath = child(spec, 'template');
  const template = s.template;
  if (!template) causes.push(required(templatePath));
  else
    causes.push(
      ...selectorMatchesTemplate(s.selector, template, templatePath),
      ...validateLabels(template.metadata?.labels, child(templatePath, 'labels')),
      ...validateAnnotations(template.metadata?.annotations, child(templatePath, 'annotations')),
    );
  const restartPolicy = template?.spec?.restartPolicy;
  if (restartPolicy !== 'Always') causes.push(notSupported(child(templatePath, 'spec', 'restartPolicy'), restartPolicy ?? '', ['Always']));
  if (template?.spec?.activeDeadlineSeconds != null)
    causes.push(forbidden(child(templatePath, 'spec', 'activeDeadlineSeconds'), 'activeDeadlineSeconds in StatefulSet is not Supported'));
  return causes;
}

function validateUpdateStrategy(strategy: Json): FieldCause[] {
  const path = child(spec, 'updateStrategy');
  switch (strategy.type) {
    case undefined:
    case '':
      return [required(path)];
    case 'OnDelete':
      return strategy.rollingUpdate
        ? [invalid(child(path, 'rollingUpdate'), new GoText('&apps.RollingUpdateStatefulSetStrategy{...}'), "only allowed for updateStrategy 'RollingUpdate'")]
        : [];
    case 'RollingUpdate':
      return nonNegative(strategy.rollingUpdate?.partition, child(path, 'rollingUpdate', 'partition'));
    default:
      return [invalid(path, new GoText(`apps.StatefulSetUpdateStrategy{Type:"${strategy.type}", ...}`), "must be 'RollingUpdate' or 'OnDelete'")];
  }
}

const mutableFields = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

/** Upstream `ValidateStatefulSetUpdate`: everything in spec but the listed fields is frozen, selector included. */
export function validateStatefulSetUpdate(sts: Json, old: Json): FieldCause[] {
  const causes = validateStatefulSet(sts);
  if (!deepEqual(omit(sts.spec, mutableFields), omit(old.spec, mutableFields)))
    causes.push(
      forbidden(
        spec,
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  return causes;
}
