import { rfc3339, type KubeObject } from '@kronicle/contracts';
import type { StoredObject } from '@kronicle/projection';
import { errors } from './api-error';

/** The parts of a core/v1 Binding (`pods/binding`) a bind honours. */
export interface Binding {
  metadata?: { name?: string; uid?: string; annotations?: Record<string, string> };
  target?: { name?: string };
}

interface PodCondition {
  type: string;
  status: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/**
 * Decides the pod a `pods/binding` stores, as upstream's BindingREST.assignPod: the pod must be
 * unassigned, not being deleted and not held back by scheduling gates; it gets `spec.nodeName`, the
 * binding's annotations and PodScheduled=True. It bypasses pod-update validation, which forbids
 * changing the spec.
 */
export function decideBinding(current: StoredObject, binding: Binding, now: Date): KubeObject {
  const pod = current.object;
  const name = pod.metadata.name ?? '';
  const target = binding.target?.name;
  if (!target) {
    throw errors.invalid('Binding', '', name, `Binding "${name}" is invalid: target.name: Required value`, [{ reason: 'FieldValueRequired', field: 'target.name', message: 'Required value' }]);
  }
  const uid = binding.metadata?.uid;
  if (uid && uid !== pod.metadata.uid) {
    throw errors.conflict('', 'pods', name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${pod.metadata.uid}`);
  }
  if (pod.metadata.deletionTimestamp) throw errors.conflict('', 'pods', name, `pod ${name} is being deleted, cannot be assigned to a host`);
  const spec = (pod.spec ?? {}) as { nodeName?: string; schedulingGates?: unknown[] };
  if (spec.nodeName) throw errors.conflict('', 'pods', name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
  // Upstream returns this as a plain error from inside its update: a 500.
  if (spec.schedulingGates?.length) throw errors.internal(`pod ${name} has non-empty .spec.schedulingGates`);

  const status = (pod.status ?? {}) as { conditions?: PodCondition[] };
  const annotations = { ...pod.metadata.annotations, ...binding.metadata?.annotations };
  return {
    ...pod,
    metadata: { ...pod.metadata, ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec: { ...spec, nodeName: target },
    status: { ...status, conditions: withCondition(status.conditions ?? [], { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(now) }) },
  };
}

/** Upstream's podutil.UpdatePodCondition: the transition time moves only when the status changes. */
export function withCondition(conditions: PodCondition[], next: PodCondition): PodCondition[] {
  const index = conditions.findIndex((c) => c.type === next.type);
  if (index < 0) return [...conditions, next];
  const old = conditions[index];
  const merged = old.status === next.status ? { ...next, lastTransitionTime: old.lastTransitionTime } : next;
  return conditions.map((c, i) => (i === index ? merged : c));
}
