import { isPodReady } from '@kronicle/contracts';
import { CONTROLLER_REVISION_HASH, freePodNames, podFromTemplate, timeOf, type Pod } from '@kronicle/pod-control';
import type { ClusterState } from '@kronicle/projection';
import { daemonPodTolerations, type Fit } from './node-fit';
import { POD_TEMPLATE_GENERATION, type DaemonPodSpec, type DaemonSet } from './objects';

/** A node, whether the DaemonSet belongs on it, and its daemon pods oldest first (`live`: those not being deleted). */
export interface NodeDaemonPods {
  node: string;
  fit: Fit;
  pods: Pod[];
  live: Pod[];
}

/** The node a daemon pod is for: where it is bound, else the node its affinity names (upstream `GetTargetNodeName`). */
export function targetNode(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = (pod.spec as DaemonPodSpec | undefined)?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) for (const field of term.matchFields ?? []) if (field.key === 'metadata.name' && field.operator === 'In' && field.values?.length === 1) return field.values[0];
  return undefined;
}

/** Upstream `podByCreationTimestampAndPhase`: running before pending, then oldest first. */
export function oldestFirst(a: Pod, b: Pod): number {
  const running = (p: Pod) => (p.status?.phase === 'Running' ? 0 : 1);
  return running(a) - running(b) || (timeOf(a.metadata.creationTimestamp) ?? 0) - (timeOf(b.metadata.creationTimestamp) ?? 0) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

/** Upstream `IsPodUpdated`: of the current template, by its revision hash (or the old template generation label). */
export function isPodUpdated(pod: Pod, hash: string, generation: number | undefined): boolean {
  const labels = pod.metadata.labels ?? {};
  return labels[CONTROLLER_REVISION_HASH] === hash || (generation !== undefined && labels[POD_TEMPLATE_GENERATION] === String(generation));
}

/** Upstream `IsPodAvailable`: ready for at least minReadySeconds. */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: Date): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = timeOf(pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime);
  return since !== undefined && since + minReadySeconds * 1000 <= now.getTime();
}

/**
 * The daemon pod for a node (upstream `CreatePodTemplate` + `ReplaceDaemonSetPodNodeNameNodeAffinity`):
 * the template labelled with its revision hash and generation, the daemon tolerations, and a
 * required node affinity for exactly that node, which the scheduler honours.
 */
export function newDaemonPods(ds: DaemonSet, hash: string, nodes: string[], state: ClusterState): Pod[] {
  const base = `${ds.metadata.name}-`;
  const names = freePodNames(ds, state, base, nodes.length);
  return nodes.map((node, i) => {
    const spec = ds.spec.template.spec ?? {};
    const affinity = spec.affinity ?? {};
    const nodeAffinity = { ...affinity.nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] } };
    const labels = { ...ds.spec.template.metadata?.labels, [CONTROLLER_REVISION_HASH]: hash, ...(ds.metadata.generation !== undefined ? { [POD_TEMPLATE_GENERATION]: String(ds.metadata.generation) } : {}) };
    const template = { metadata: { ...ds.spec.template.metadata, labels }, spec: { ...spec, tolerations: daemonPodTolerations(spec), affinity: { ...affinity, nodeAffinity } } };
    return podFromTemplate(ds, template, names[i], base.slice(0, 58));
  });
}
