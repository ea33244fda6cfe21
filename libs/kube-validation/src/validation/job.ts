import { type FieldCause, child, invalid, key, notSupported, required } from '../field-error';
import { GoText, goLabelSelector, goStringMap } from '../go-value';
import { JobLabels } from '../defaults/job';
import { type Json, deepEqual, FIELD_IMMUTABLE, immutable, nonNegative, omit } from './common';
import { selectorMatches, validateLabelSelector } from './labels';
import { isDNS1123Label } from './names';
import { validatePodTemplateSpec } from './pod-spec';

const spec = 'spec';
const MAX_INDEXED_PARALLELISM = 100_000;

/** Upstream `ValidateJob`: generated selector, spec, and the indexed pod hostname limit. */
export function validateJob(job: Json): FieldCause[] {
  const s = job.spec ?? {};
  const causes = [...validateGeneratedSelector(job), ...validateJobSpec(s, spec)];
  if (s.selector === undefined || s.selector === null) causes.push(required(child(spec, 'selector')));
  else causes.push(...validateLabelSelector(s.selector, child(spec, 'selector')));
  const labels = s.template?.metadata?.labels;
  if (!selectorMatches(s.selector, labels))
    causes.push(invalid(child(spec, 'template', 'metadata', 'labels'), goStringMap(labels), '`selector` does not match template `labels`'));
  if (s.completionMode === 'Indexed' && s.completions > 0) {
    const hostname = `${job.metadata?.name}-${s.completions - 1}`;
    if (isDNS1123Label(hostname).length)
      causes.push(invalid(child('metadata', 'name'), job.metadata?.name, `will not able to create pod with invalid DNS label: ${hostname}`));
  }
  return causes;
}

/** Pod labels and selector the API generated must still carry this Job's name and uid. */
function validateGeneratedSelector(job: Json): FieldCause[] {
  const s = job.spec ?? {};
  if (s.manualSelector === true || s.selector == null) return [];
  const { name, uid } = job.metadata ?? {};
  const causes: FieldCause[] = uid ? [] : [required(child('metadata', 'uid'))];
  const labels = s.template?.metadata?.labels ?? {};
  const metaPath = child(spec, 'template', 'metadata', 'labels');
  const expected = {
    [JobLabels.legacyControllerUid]: uid,
    [JobLabels.legacyJobName]: name,
    [JobLabels.controllerUid]: uid,
    [JobLabels.jobName]: name,
  };
  for (const [label, value] of Object.entries(expected)) {
    if (!(label in labels)) causes.push(required(key(metaPath, label), value));
    else if (labels[label] !== value) causes.push(invalid(key(metaPath, label), goStringMap(labels), `must be '${value}'`));
  }
  if (!selectorMatches(s.selector, expected))
    causes.push(invalid(child(spec, 'selector'), goLabelSelector(s.selector), '`selector` not auto-generated'));
  return causes;
}

/** Upstream `validateJobSpec`, shared with CronJob's job template. */
export function validateJobSpec(s: Json, path: string): FieldCause[] {
  const causes = [
    ...nonNegative(s.parallelism, child(path, 'parallelism')),
    ...nonNegative(s.completions, child(path, 'completions')),
    ...nonNegative(s.activeDeadlineSeconds, child(path, 'activeDeadlineSeconds')),
    ...nonNegative(s.backoffLimit, child(path, 'backoffLimit')),
    ...nonNegative(s.ttlSecondsAfterFinished, child(path, 'ttlSecondsAfterFinished')),
  ];
  causes.push(...nonNegative(s.backoffLimitPerIndex, child(path, 'backoffLimitPerIndex')));
  if (s.maxFailedIndexes != null) {
    causes.push(...nonNegative(s.maxFailedIndexes, child(path, 'maxFailedIndexes')));
    if (s.backoffLimitPerIndex == null) causes.push(required(child(path, 'backoffLimitPerIndex'), 'when maxFailedIndexes is specified'));
  }
  if (s.completionMode != null) {
    if (s.completionMode !== 'NonIndexed' && s.completionMode !== 'Indexed')
      causes.push(notSupported(child(path, 'completionMode'), s.completionMode, ['NonIndexed', 'Indexed']));
    if (s.completionMode === 'Indexed') {
      if (s.completions == null) causes.push(required(child(path, 'completions'), 'when completion mode is Indexed'));
      if (s.parallelism > MAX_INDEXED_PARALLELISM)
        causes.push(invalid(child(path, 'parallelism'), s.parallelism, `must be less than or equal to ${MAX_INDEXED_PARALLELISM} when completion mode is Indexed`));
    }
  }
  if (s.completionMode == null || s.completionMode === 'NonIndexed')
    for (const f of ['backoffLimitPerIndex', 'maxFailedIndexes'])
      if (s[f] != null) causes.push(invalid(child(path, f), s[f], 'requires indexed completion mode'));
  causes.push(...validatePodReplacementPolicy(s, child(path, 'podReplacementPolicy')));
  const templatePath = child(path, 'template');
  causes.push(...validatePodTemplateSpec(s.template ?? {}, templatePath));
  const restartPolicy = s.template?.spec?.restartPolicy;
  const restartPath = child(templatePath, 'spec', 'restartPolicy');
  // Defaulting turns an unset restartPolicy into Always, so both mean "not chosen".
  if (!restartPolicy || restartPolicy === 'Always') causes.push(required(restartPath, 'valid values: "OnFailure", "Never"'));
  else if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') causes.push(notSupported(restartPath, restartPolicy, ['OnFailure', 'Never']));
  else if (s.podFailurePolicy && restartPolicy !== 'Never') causes.push(invalid(restartPath, restartPolicy, 'only "Never" is supported when podFailurePolicy is specified'));
  return causes;
}

// With a pod failure policy, replacement waits for pods to be fully Failed.
function validatePodReplacementPolicy(s: Json, path: string): FieldCause[] {
  const policy = s.podReplacementPolicy;
  if (policy == null) return [];
  const supported = s.podFailurePolicy ? ['Failed'] : ['Failed', 'TerminatingOrFailed'];
  return supported.includes(policy) ? [] : [notSupported(path, policy, supported)];
}

/**
 * Upstream `ValidateJobSpecUpdate`. The template may change only while the Job is suspended and
 * has never started, and then only its scheduling directives.
 */
export function validateJobUpdate(job: Json, old: Json): FieldCause[] {
  const s = job.spec ?? {};
  const o = old.spec ?? {};
  const causes = validateJob(job);
  causes.push(...validateCompletionsUpdate(s, o));
  causes.push(...immutable(s.selector, o.selector, child(spec, 'selector'), goLabelSelector(s.selector)));
  if (!deepEqual(comparableTemplate(s.template, old), comparableTemplate(o.template, old)))
    causes.push(invalid(child(spec, 'template'), new GoText('core.PodTemplateSpec{...}'), FIELD_IMMUTABLE));
  causes.push(...immutable(s.completionMode, o.completionMode, child(spec, 'completionMode'), s.completionMode));
  return causes;
}

function comparableTemplate(template: Json, old: Json): Json {
  const neverStarted = old.spec?.suspend === true && !old.status?.startTime;
  if (!neverStarted || !template) return template;
  return {
    ...template,
    metadata: omit(template.metadata, ['labels', 'annotations']),
    spec: omit(template.spec, ['nodeSelector', 'tolerations', 'affinity', 'schedulingGates']),
  };
}

function validateCompletionsUpdate(s: Json, o: Json): FieldCause[] {
  const path = child(spec, 'completions');
  if (s.completionMode !== 'Indexed') return immutable(s.completions, o.completions, path, s.completions);
  if (deepEqual(s.completions, o.completions) || s.completions == null) return [];
  return s.completions === s.parallelism ? [] : [invalid(path, s.completions, 'can only be modified in tandem with spec.parallelism')];
}
