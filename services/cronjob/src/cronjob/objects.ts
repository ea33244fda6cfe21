import type { KubeObject, ObjectMeta } from '@kronicle/contracts';
import { resourceInfo } from '@kronicle/object-lifecycle';

/** The parts of batch/v1 CronJob the controller reads and writes; everything else is carried as is. */
export interface CronJob extends KubeObject {
  spec: {
    schedule: string;
    timeZone?: string;
    startingDeadlineSeconds?: number;
    concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
    suspend?: boolean;
    jobTemplate: { metadata?: ObjectMeta; spec?: Record<string, unknown> };
    successfulJobsHistoryLimit?: number;
    failedJobsHistoryLimit?: number;
  };
  status?: CronJobStatus;
}

export interface JobReference {
  kind: 'Job';
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion: 'batch/v1';
}

export interface CronJobStatus {
  active?: JobReference[];
  lastScheduleTime?: string;
  lastSuccessfulTime?: string;
}

/** What the controller reads of the Jobs it made. */
export interface Job extends KubeObject {
  status?: { startTime?: string; completionTime?: string; conditions?: { type: string; status: string }[] };
}

/** Upstream `batchv1.CronJobScheduledTimestampAnnotation`. */
export const SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
export const CRONJOB_CONTROLLER = 'cronjob-controller';
export const cronJobsResource = resourceInfo('batch', 'cronjobs');
export const jobsResource = resourceInfo('batch', 'jobs');

/** Upstream `getFinishedStatus`: the condition a finished Job ended with (Complete or Failed), if it has. */
export function finishedCondition(job: Job): 'Complete' | 'Failed' | undefined {
  const condition = job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  return condition?.type as 'Complete' | 'Failed' | undefined;
}
