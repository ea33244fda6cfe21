import type { KubeObject } from '@kronicle/contracts';
import type { LabelSelector } from '@kronicle/kube-validation';
import { resourceInfo } from '@kronicle/object-lifecycle';
import type { PodTemplate } from '@kronicle/pod-control';
import type { PodFailurePolicy } from './pod-failure-policy';

/** The parts of batch/v1 Job the controller reads and writes; everything else is carried as is. */
export interface Job extends KubeObject {
  spec: {
    parallelism?: number;
    completions?: number | null;
    activeDeadlineSeconds?: number;
    backoffLimit?: number;
    selector?: LabelSelector;
    manualSelector?: boolean;
    template: PodTemplate & { spec?: { restartPolicy?: string; [key: string]: unknown } };
    completionMode?: 'NonIndexed' | 'Indexed';
    suspend?: boolean;
    podReplacementPolicy?: 'TerminatingOrFailed' | 'Failed';
    podFailurePolicy?: PodFailurePolicy;
    ttlSecondsAfterFinished?: number;
  };
  status?: JobStatus;
}

export interface JobStatus {
  conditions?: JobCondition[];
  startTime?: string;
  completionTime?: string;
  active?: number;
  succeeded?: number;
  failed?: number;
  terminating?: number;
  completedIndexes?: string;
  uncountedTerminatedPods?: { succeeded?: string[]; failed?: string[] };
  ready?: number;
}

export interface JobCondition {
  type: 'Complete' | 'Failed' | 'Suspended' | 'FailureTarget' | 'SuccessCriteriaMet';
  status: 'True' | 'False' | 'Unknown';
  lastProbeTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** Upstream `batch.JobTrackingFinalizer`: a pod is counted in the Job's status before it may go. */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';

export const JOB_CONTROLLER = 'job-controller';
export const jobsResource = resourceInfo('batch', 'jobs');

/** Upstream `IsJobFinished`: a Complete or Failed condition that is True. */
export function isJobFinished(job: Job): boolean {
  return job.status?.conditions?.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') ?? false;
}

export function isSuspended(job: Job): boolean {
  return job.spec.suspend === true;
}
