import type { KubeObject } from '@kronicle/contracts';
import { labelSelectorString } from '@kronicle/kube-printers';
import { errors } from '@kronicle/object-lifecycle';

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** The autoscaling/v1 Scale view of a workload, as upstream's scale subresources serve it. */
export function scaleOf(object: KubeObject): KubeObject {
  const spec = (object.spec ?? {}) as { replicas?: number; selector?: LabelSelector };
  const status = (object.status ?? {}) as { replicas?: number };
  const { name, namespace, uid, resourceVersion, creationTimestamp } = object.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector: labelSelectorString(spec.selector) ?? '' },
  };
}

/** Applies a Scale's spec.replicas to its workload; the Scale's resourceVersion is a precondition. */
export function withScale(object: KubeObject, scale: KubeObject): KubeObject {
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    const message = `Scale.autoscaling "${object.metadata.name}" is invalid: spec.replicas: Invalid value: ${String(replicas)}: must be greater than or equal to 0`;
    throw errors.invalid('Scale', 'autoscaling', object.metadata.name ?? '', message, [{ reason: 'FieldValueInvalid', field: 'spec.replicas', message: `Invalid value: ${String(replicas)}: must be greater than or equal to 0` }]);
  }
  const precondition = scale.metadata?.resourceVersion;
  return {
    ...object,
    metadata: { ...object.metadata, resourceVersion: precondition || object.metadata.resourceVersion },
    spec: { ...(object.spec as object), replicas },
  };
}
