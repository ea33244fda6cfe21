import { metaTime } from '@kronicle/pod-control';
import type { JobCondition } from './objects';

export function newCondition(type: JobCondition['type'], status: JobCondition['status'], reason: string, message: string, now: Date): JobCondition {
  const time = metaTime(now);
  return { type, status, lastProbeTime: time, lastTransitionTime: time, reason, message };
}

/**
 * Upstream `ensureJobConditionStatus`: sets a condition of the type (replacing one that differs);
 * a condition that does not exist is not added as False, going from nothing to False says nothing.
 */
export function ensureCondition(conditions: JobCondition[], wanted: JobCondition): { conditions: JobCondition[]; changed: boolean } {
  const at = conditions.findIndex((c) => c.type === wanted.type);
  if (at >= 0) {
    const current = conditions[at];
    if (current.status === wanted.status && current.reason === wanted.reason && current.message === wanted.message) return { conditions, changed: false };
    return { conditions: conditions.map((c, i) => (i === at ? wanted : c)), changed: true };
  }
  if (wanted.status === 'False') return { conditions, changed: false };
  return { conditions: [...conditions, wanted], changed: true };
}

/** Why a Job ends: the interim condition upstream records first, and the final one it becomes. */
export interface Finish {
  interim: JobCondition;
  final: JobCondition;
  succeeded: boolean;
}

export function successFinish(now: Date): Finish {
  const [reason, message] = ['CompletionsReached', 'Reached expected number of succeeded pods'];
  return { interim: newCondition('SuccessCriteriaMet', 'True', reason, message, now), final: newCondition('Complete', 'True', reason, message, now), succeeded: true };
}

export function failureFinish(reason: string, message: string, now: Date): Finish {
  return { interim: newCondition('FailureTarget', 'True', reason, message, now), final: newCondition('Failed', 'True', reason, message, now), succeeded: false };
}

/** A finish already decided by an earlier sync: its interim condition is in the status. */
export function recordedFinish(conditions: JobCondition[], now: Date): Finish | undefined {
  const met = conditions.find((c) => c.type === 'SuccessCriteriaMet' && c.status === 'True');
  if (met) return { interim: met, final: newCondition('Complete', 'True', met.reason ?? '', met.message ?? '', now), succeeded: true };
  const target = conditions.find((c) => c.type === 'FailureTarget' && c.status === 'True');
  if (target) return { interim: target, final: newCondition('Failed', 'True', target.reason ?? '', target.message ?? '', now), succeeded: false };
  return undefined;
}
