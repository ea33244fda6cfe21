import type { KubeObject } from '@kronicle/contracts';
import type { ClusterState } from '@kronicle/projection';
import { errors } from './api-error';

interface PriorityClass {
  metadata: { name?: string };
  value?: number;
  globalDefault?: boolean;
  preemptionPolicy?: string;
}

interface PrioritySpec {
  priorityClassName?: string;
  priority?: number;
  preemptionPolicy?: string;
}

/** Upstream's DefaultPriorityWhenNoDefaultClassExists. */
const NO_DEFAULT_CLASS_PRIORITY = 0;

/**
 * Upstream's Priority admission plugin, on a pod's create: the priority and preemption policy of its
 * PriorityClass, or of the global default class (the lowest, should several claim it; its name is
 * filled in), or 0 and PreemptLowerPriority. A class that does not exist, or a priority or policy
 * the pod states otherwise, is refused (403), as upstream refuses them.
 */
export function withPodPriority(pod: KubeObject, priorityClasses: readonly KubeObject[]): KubeObject {
  const spec = (pod.spec ?? {}) as PrioritySpec;
  const classes = priorityClasses as readonly PriorityClass[];
  const refuse = (why: string) => errors.forbidden('', 'pods', pod.metadata.name ?? '', why);
  let className = spec.priorityClassName;
  let pc: PriorityClass | undefined;
  if (className) {
    pc = classes.find((c) => c.metadata.name === className);
    if (!pc) throw refuse(`no PriorityClass with name ${className} was found`);
  } else {
    pc = classes.filter((c) => c.globalDefault).reduce<PriorityClass | undefined>((lowest, c) => (lowest && (lowest.value ?? 0) <= (c.value ?? 0) ? lowest : c), undefined);
    className = pc?.metadata.name;
  }
  const priority = pc ? (pc.value ?? 0) : NO_DEFAULT_CLASS_PRIORITY;
  const preemptionPolicy = pc ? pc.preemptionPolicy : 'PreemptLowerPriority';
  if (spec.priority !== undefined && spec.priority !== priority) {
    throw refuse(`the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`);
  }
  if (preemptionPolicy && spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== preemptionPolicy) {
    throw refuse(`the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${preemptionPolicy} from the given PriorityClass name`);
  }
  return {
    ...pod,
    spec: { ...spec, ...(className ? { priorityClassName: className } : {}), priority, ...(preemptionPolicy ? { preemptionPolicy } : {}) },
  };
}

/** The PriorityClasses of a state (`PodAdmissionSources.priorityClasses`): listed only when a pod is created. */
export function priorityClassesIn(state: ClusterState): () => KubeObject[] {
  return () => state.list({ group: 'scheduling.k8s.io', resource: 'priorityclasses' }).map((s) => s.object);
}

/** On an update, the plugin keeps what it set at the create when the new object leaves it out. */
export function keepPodPriority(pod: KubeObject, old: KubeObject): KubeObject {
  const spec = (pod.spec ?? {}) as PrioritySpec;
  const was = (old.spec ?? {}) as PrioritySpec;
  const kept = {
    ...(spec.priority === undefined && was.priority !== undefined ? { priority: was.priority } : {}),
    ...(spec.preemptionPolicy === undefined && was.preemptionPolicy !== undefined ? { preemptionPolicy: was.preemptionPolicy } : {}),
  };
  return Object.keys(kept).length === 0 ? pod : { ...pod, spec: { ...spec, ...kept } };
}
