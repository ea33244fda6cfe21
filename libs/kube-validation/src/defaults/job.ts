import type { Json } from '../validation/common';
import { defaultPodTemplate } from './pod-spec';

export const JobLabels = {
  controllerUid: 'batch.kubernetes.io/controller-uid',
  legacyControllerUid: 'controller-uid',
  jobName: 'batch.kubernetes.io/job-name',
  legacyJobName: 'job-name',
} as const;

/**
 * Upstream batch/v1 `SetDefaults_Job`, preceded on create by the registry's `generateSelector`
 * (which needs metadata.uid). Defaults then copy the template labels to an unlabelled Job, as
 * upstream's defaulting does when the stored object is read back.
 */
export function defaultJob(job: Json, creating: boolean): void {
  const spec = (job.spec ??= {});
  spec.manualSelector ??= false;
  if (creating && spec.manualSelector !== true) generateSelector(job);
  if (spec.completions == null && spec.parallelism == null) spec.completions = 1;
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex != null ? 2147483647 : 6;
  const templateLabels = spec.template?.metadata?.labels;
  if (templateLabels && Object.keys(job.metadata?.labels ?? {}).length === 0) job.metadata.labels = { ...templateLabels };
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  for (const rule of spec.podFailurePolicy?.rules ?? []) for (const pattern of rule.onPodConditions ?? []) pattern.status ||= 'True';
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  defaultPodTemplate(spec.template);
}

/** Labels the pods with the job's name and uid, and selects them by uid; user-set labels are kept for validation to judge. */
function generateSelector(job: Json): void {
  const { name, uid } = job.metadata ?? {};
  const template = (job.spec.template ??= {});
  const labels = ((template.metadata ??= {}).labels ??= {});
  labels[JobLabels.legacyJobName] ??= name;
  labels[JobLabels.jobName] ??= name;
  labels[JobLabels.legacyControllerUid] ??= uid;
  labels[JobLabels.controllerUid] ??= uid;
  const matchLabels = ((job.spec.selector ??= {}).matchLabels ??= {});
  matchLabels[JobLabels.controllerUid] ??= uid;
}
