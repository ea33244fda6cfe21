import type { Json } from '../validation/common';
import { defaultEmbeddedMetadata, defaultPodTemplate } from './pod-spec';

/** Upstream batch/v1 `SetDefaults_CronJob`; the job template only gets PodSpec defaults, not Job's. */
export function defaultCronJob(cj: Json): void {
  const spec = (cj.spec ??= {});
  spec.concurrencyPolicy ||= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  if (spec.jobTemplate) defaultEmbeddedMetadata(spec.jobTemplate);
  defaultPodTemplate(spec.jobTemplate?.spec?.template);
}
