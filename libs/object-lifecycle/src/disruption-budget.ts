import { rfc3339, type KubeObject } from '@kronicle/contracts';
import { resourceTypes } from '@kronicle/kube-resources';
import { selectorMatches } from '@kronicle/kube-validation';
import { qualifiedResource } from './api-error';
import { toResourceInfo, type ResourceInfo } from './resource-info';

/** The policy/v1 PodDisruptionBudget as the eviction subresource and the disruption controller read it. */
export interface PodDisruptionBudget extends KubeObject {
  spec?: {
    minAvailable?: number | string;
    maxUnavailable?: number | string;
    selector?: Parameters<typeof selectorMatches>[0] | null;
    unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow';
  };
  status?: PodDisruptionBudgetStatus;
}

export interface PodDisruptionBudgetStatus {
  observedGeneration?: number;
  /** Pods evicted but not yet seen deleted by the controller, with when (metav1.Time). */
  disruptedPods?: Record<string, string>;
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  expectedPods?: number;
  conditions?: StatusCondition[];
}

/** metav1.Condition. */
export interface StatusCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export const DISRUPTION_ALLOWED = 'DisruptionAllowed';

/** Upstream's reasons of the DisruptionAllowed condition (policy/v1 types.go). */
export const DisruptionAllowedReason = { SufficientPods: 'SufficientPods', InsufficientPods: 'InsufficientPods', SyncFailed: 'SyncFailed' } as const;

/**
 * Whether the budget covers the pod. In policy/v1 an empty selector selects every pod of the
 * namespace and a missing one none, for the eviction subresource and the controller alike.
 */
export function budgetSelects(pdb: PodDisruptionBudget, pod: KubeObject): boolean {
  return pdb.metadata.namespace === pod.metadata.namespace && selectorMatches(pdb.spec?.selector ?? undefined, pod.metadata.labels);
}

/**
 * Upstream `apimeta.SetStatusCondition`: a new condition is added; an existing one takes the new
 * status, reason, message and observedGeneration, and a new lastTransitionTime only when its status changes.
 */
export function setStatusCondition(conditions: StatusCondition[] | undefined, next: Omit<StatusCondition, 'lastTransitionTime'>, now: Date): StatusCondition[] {
  const all = conditions ?? [];
  const existing = all.find((c) => c.type === next.type);
  const lastTransitionTime = existing && existing.status === next.status ? existing.lastTransitionTime : rfc3339(now);
  const condition: StatusCondition = { type: next.type, status: next.status, ...(next.observedGeneration ? { observedGeneration: next.observedGeneration } : {}), lastTransitionTime, reason: next.reason, message: next.message };
  return existing ? all.map((c) => (c === existing ? condition : c)) : [...all, condition];
}

/** Upstream `UpdateDisruptionAllowedCondition`: True/SufficientPods while a disruption is allowed, else False/InsufficientPods. */
export function withDisruptionAllowedCondition(status: PodDisruptionBudgetStatus, now: Date): PodDisruptionBudgetStatus {
  const allowed = (status.disruptionsAllowed ?? 0) > 0;
  const condition = {
    type: DISRUPTION_ALLOWED,
    status: allowed ? 'True' : 'False',
    reason: allowed ? DisruptionAllowedReason.SufficientPods : DisruptionAllowedReason.InsufficientPods,
    message: '',
    observedGeneration: status.observedGeneration,
  } as const;
  return { ...status, conditions: setStatusCondition(status.conditions, condition, now) };
}

/**
 * Upstream getScaleController (disruption.go), the disruption controller's last finder: the served
 * resource whose /scale gives the scale of a pod's controller, or the error the budget's sync then
 * fails with: the kind is not served (the REST mapping fails), or it has no scale subresource (a
 * Job, a DaemonSet: "jobs.batch does not implement the scale subresource").
 */
export function scaleResourceOf(ref: { apiVersion: string; kind: string }): { resource: ResourceInfo } | { error: string } {
  const parts = ref.apiVersion.split('/');
  if (parts.length > 2) return { error: `unexpected GroupVersion string: ${ref.apiVersion}` };
  const [group, version] = parts.length === 2 ? parts : ['', parts[0]];
  const type = resourceTypes.find((t) => t.group === group && t.kind === ref.kind && (!version || t.version === version));
  if (!type) return { error: version ? `no matches for kind "${ref.kind}" in version "${ref.apiVersion}"` : `no matches for kind "${ref.kind}" in group "${group}"` };
  if (!type.subresources.some((s) => s.name === 'scale')) return { error: `${qualifiedResource(type.group, type.resource)} does not implement the scale subresource` };
  return { resource: toResourceInfo(type) };
}
