import type { Pod } from '@kronicle/pod-control';
import type { JobPod } from './job-pods';

export interface PodFailurePolicy {
  rules: {
    action: 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';
    onExitCodes?: { containerName?: string; operator: 'In' | 'NotIn'; values: number[] };
    onPodConditions?: { type: string; status?: string }[];
  }[];
}

interface Terminated {
  name: string;
  state?: { terminated?: { exitCode?: number } };
}

/** What a failed pod's first matching rule says: fail the Job (with upstream's message), and whether the failure counts toward backoffLimit. */
export interface PolicyVerdict {
  failJobMessage?: string;
  countFailed: boolean;
}

/**
 * Upstream `matchPodFailurePolicy`: the first rule that matches decides — by a container (then an
 * init container) that ended with a non-zero code In or NotIn the rule's values, or by a pod
 * condition of a type and status. `Ignore` does not count the failure, `FailJob` fails the Job,
 * `Count` (or no rule) counts it. `FailIndex` needs backoffLimitPerIndex, which is not acted on: it counts.
 */
export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined, pod: JobPod): PolicyVerdict {
  for (const [index, rule] of (policy?.rules ?? []).entries()) {
    const matched = rule.onExitCodes ? exitCodeMatch(pod, rule.onExitCodes) : rule.onPodConditions ? conditionMatch(pod, rule.onPodConditions) : undefined;
    if (!matched) continue;
    if (rule.action === 'Ignore') return { countFailed: false };
    if (rule.action === 'FailJob') {
      const at = `matching FailJob rule at index ${index}`;
      const message = 'container' in matched ? `Container ${matched.container} for pod ${pod.metadata.namespace}/${pod.metadata.name} failed with exit code ${matched.exitCode} ${at}` : `Pod ${pod.metadata.namespace}/${pod.metadata.name} has condition ${matched.condition} ${at}`;
      return { failJobMessage: message, countFailed: true };
    }
    return { countFailed: true };
  }
  return { countFailed: true };
}

function exitCodeMatch(pod: JobPod, requirement: NonNullable<PodFailurePolicy['rules'][number]['onExitCodes']>): { container: string; exitCode: number } | undefined {
  const status = pod.status as { containerStatuses?: Terminated[]; initContainerStatuses?: Terminated[] } | undefined;
  for (const statuses of [status?.containerStatuses, status?.initContainerStatuses]) {
    for (const c of statuses ?? []) {
      const exitCode = c.state?.terminated?.exitCode;
      if (exitCode === undefined || exitCode === 0) continue;
      if (requirement.containerName !== undefined && requirement.containerName !== c.name) continue;
      if (requirement.operator === 'In' ? requirement.values.includes(exitCode) : !requirement.values.includes(exitCode)) return { container: c.name, exitCode };
    }
  }
  return undefined;
}

function conditionMatch(pod: Pod, patterns: NonNullable<PodFailurePolicy['rules'][number]['onPodConditions']>): { condition: string } | undefined {
  for (const condition of pod.status?.conditions ?? []) {
    if (patterns.some((p) => p.type === condition.type && (p.status ?? 'True') === condition.status)) return { condition: condition.type };
  }
  return undefined;
}
