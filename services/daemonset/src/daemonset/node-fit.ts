import { nodeSelectorTermsMatch, schedulingTaint, tolerates, type Toleration } from '@kronicle/scheduling';
import type { DaemonPodSpec, DaemonSet, Node } from './objects';

/**
 * Upstream `AddOrUpdateDaemonPodTolerations`: a daemon pod stays through the conditions its node
 * may go through (not ready, unreachable, pressure, cordoned), and on a node without a network
 * if it uses the host's.
 */
export function daemonPodTolerations(spec: DaemonPodSpec): Toleration[] {
  const added: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ...(spec.hostNetwork ? [{ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' } as Toleration] : []),
  ];
  const own = spec.tolerations ?? [];
  const same = (a: Toleration, b: Toleration) => a.key === b.key && a.effect === b.effect;
  return [...own.filter((t) => !added.some((a) => same(a, t))), ...added];
}

export interface Fit {
  /** A daemon pod should be started on the node. */
  shouldRun: boolean;
  /** A daemon pod already there may stay (NoSchedule taints added later do not evict it). */
  shouldContinueRunning: boolean;
}

/**
 * Upstream `NodeShouldRunDaemonPod`: the template's nodeName, nodeSelector and required node
 * affinity must admit the node; a NoSchedule or NoExecute taint its pod does not tolerate keeps a
 * new pod off, a NoExecute one also ends a running pod.
 */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): Fit {
  const spec = ds.spec.template.spec ?? {};
  const name = node.metadata.name ?? '';
  const labels = node.metadata.labels ?? {};
  const none = { shouldRun: false, shouldContinueRunning: false };
  if (spec.nodeName && spec.nodeName !== name) return none;
  for (const [key, value] of Object.entries(spec.nodeSelector ?? {})) if (labels[key] !== value) return none;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && !nodeSelectorTermsMatch(terms, name, labels)) return none;
  const tolerations = daemonPodTolerations(spec);
  const untolerated = (node.spec?.taints ?? []).filter((taint) => schedulingTaint(taint) && !tolerates(tolerations, taint));
  return { shouldRun: untolerated.length === 0, shouldContinueRunning: !untolerated.some((taint) => taint.effect === 'NoExecute') };
}
