import { objectStreamId, type KubeObject } from '@kronicle/contracts';
import { compareQuantities, parseQuantity } from '@kronicle/kube-validation';
import type { ClusterState } from '@kronicle/projection';
import { errors } from './api-error';
import type { Toleration } from './default-toleration-seconds';

interface RuntimeClass {
  overhead?: { podFixed?: Record<string, string> };
  scheduling?: { nodeSelector?: Record<string, string>; tolerations?: Toleration[] };
}

interface RuntimeClassSpec {
  runtimeClassName?: string;
  overhead?: Record<string, string>;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
}

/**
 * Upstream's RuntimeClass admission plugin, on a pod's create: a pod naming a RuntimeClass that does
 * not exist is refused (403); otherwise it gets the class's overhead (refused when it states another)
 * and its scheduling constraints, the node selector merged (refused on a conflicting value) and the
 * tolerations merged as upstream's MergeTolerations does.
 */
export function withRuntimeClass(pod: KubeObject, runtimeClassNamed: (name: string) => KubeObject | undefined): KubeObject {
  const spec = (pod.spec ?? {}) as RuntimeClassSpec;
  const className = spec.runtimeClassName;
  if (!className) return pod;
  const refuse = (why: string) => errors.forbidden('', 'pods', pod.metadata.name ?? '', why);
  const runtimeClass = runtimeClassNamed(className) as (KubeObject & RuntimeClass) | undefined;
  if (!runtimeClass) throw refuse(`pod rejected: RuntimeClass "${className}" not found`);
  let admitted = spec;
  const podFixed = runtimeClass.overhead?.podFixed;
  if (podFixed) {
    if (spec.overhead && Object.keys(spec.overhead).length > 0 && !sameResources(spec.overhead, podFixed)) throw refuse("pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead");
    admitted = { ...admitted, overhead: podFixed };
  }
  const scheduling = runtimeClass.scheduling;
  if (scheduling) {
    const nodeSelector = { ...admitted.nodeSelector };
    for (const [key, value] of Object.entries(scheduling.nodeSelector ?? {})) {
      const podValue = nodeSelector[key];
      if (podValue !== undefined && podValue !== value) throw refuse(`conflict: runtimeClass.scheduling.nodeSelector[${key}] = ${value}; pod.spec.nodeSelector[${key}] = ${podValue}`);
      nodeSelector[key] = value;
    }
    const tolerations = mergeTolerations([...(admitted.tolerations ?? []), ...(scheduling.tolerations ?? [])]);
    admitted = { ...admitted, ...(Object.keys(nodeSelector).length > 0 ? { nodeSelector } : {}), ...(tolerations.length > 0 ? { tolerations } : {}) };
  }
  return { ...pod, spec: admitted };
}

/** The RuntimeClasses of a state (`PodAdmissionSources.runtimeClass`), looked up only when a pod names one. */
export function runtimeClassesIn(state: ClusterState): (name: string) => KubeObject | undefined {
  return (name) => state.get(objectStreamId({ group: 'node.k8s.io', resource: 'runtimeclasses', name }))?.object;
}

function sameResources(a: Record<string, string>, b: Record<string, string>): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((name) => b[name] !== undefined && compareQuantities(parseQuantity(a[name]), parseQuantity(b[name])) === 0);
}

/**
 * Upstream's tolerations.MergeTolerations: every toleration once, and none another one already
 * covers (the first kept of equal ones). Written out here: no library carries Kubernetes' rules.
 */
function mergeTolerations(all: Toleration[]): Toleration[] {
  const merged: Toleration[] = [];
  all.forEach((t, i) => {
    if (merged.some((kept) => isSuperset(kept, t))) return;
    if (all.slice(i + 1).some((later) => !sameToleration(t, later) && isSuperset(later, t))) return;
    merged.push(t);
  });
  return merged;
}

const sameToleration = (a: Toleration, b: Toleration) =>
  (a.key ?? '') === (b.key ?? '') && (a.operator ?? '') === (b.operator ?? '') && (a.value ?? '') === (b.value ?? '') && (a.effect ?? '') === (b.effect ?? '') && a.tolerationSeconds === b.tolerationSeconds;

/** Whether `ss` tolerates everything `t` does (upstream's isSuperset). */
function isSuperset(ss: Toleration, t: Toleration): boolean {
  if (sameToleration(ss, t)) return true;
  if ((t.key ?? '') !== (ss.key ?? '') && ((ss.key ?? '') !== '' || ss.operator !== 'Exists')) return false;
  if ((t.effect ?? '') !== (ss.effect ?? '') && (ss.effect ?? '') !== '') return false;
  if (ss.effect === 'NoExecute' && ss.tolerationSeconds !== undefined && (t.tolerationSeconds === undefined || t.tolerationSeconds > ss.tolerationSeconds)) return false;
  if (ss.operator === 'Exists') return true;
  return (ss.operator ?? 'Equal') === 'Equal' && t.operator === 'Equal' && (t.value ?? '') === (ss.value ?? '');
}
