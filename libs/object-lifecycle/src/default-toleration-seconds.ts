import type { KubeObject } from '@kronicle/contracts';

/** A pod's toleration, as its admission plugins read it. */
export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** Upstream's --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds. */
export const DEFAULT_TOLERATION_SECONDS = 300;
const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

/**
 * Upstream's DefaultTolerationSeconds admission plugin: a new pod that does not already tolerate
 * the not-ready and unreachable NoExecute taints tolerates them for 300 s, so a lost node's pods
 * are evicted after five minutes.
 */
export function withDefaultTolerationSeconds(pod: KubeObject): KubeObject {
  const spec = (pod.spec ?? {}) as { tolerations?: Toleration[] };
  const tolerations = spec.tolerations ?? [];
  const tolerates = (key: string) => tolerations.some((t) => (t.effect === 'NoExecute' || !t.effect) && (t.key === key || (!t.key && t.operator === 'Exists')));
  const added = [NOT_READY, UNREACHABLE]
    .filter((key) => !tolerates(key))
    .map((key) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS }));
  if (added.length === 0) return pod;
  return { ...pod, spec: { ...spec, tolerations: [...tolerations, ...added] } };
}
