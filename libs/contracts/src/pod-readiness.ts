interface PodCondition {
  type: string;
  status: string;
}

/** Upstream `podutil.IsPodReady`: the pod's Ready condition is True. */
export function isPodReady(pod: { status?: unknown }): boolean {
  const conditions = (pod.status as { conditions?: PodCondition[] } | undefined)?.conditions;
  return conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}
