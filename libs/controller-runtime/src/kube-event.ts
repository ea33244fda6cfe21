import type { KubeObject } from '@kronicle/contracts';
import { resourceInfo } from '@kronicle/object-lifecycle';
import type { ObjectWrite } from './object-write';

let sequence = Math.floor(Math.random() * 1_000_000);

/**
 * The sub-millisecond part of an event's name: a sequence, not a random draw, so the hundreds of
 * events one reconcile writes at the same instant (a ReplicaSet creating pods) never share a name.
 */
function nextWithinMillisecond(): number {
  sequence = (sequence + 1) % 1_000_000;
  return sequence;
}

export interface KubeEventInput {
  /** The object the event is about. */
  regarding: KubeObject;
  type: 'Normal' | 'Warning';
  /** Upstream's reason, e.g. `SuccessfulCreate`, `ScalingReplicaSet`, `Scheduled`. */
  reason: string;
  message: string;
  /** The reporting component, e.g. `replicaset-controller`, `default-scheduler`, `kubelet`. */
  component: string;
  /** For kubelet events: the node the component runs on. */
  host?: string;
  now: Date;
}

/**
 * A core/v1 Event, as upstream's event recorder writes it, so `kubectl describe` and
 * `kubectl get events` show what controllers did. The name follows upstream: `<object>.<hex nanos>`.
 */
export function kubeEvent(input: KubeEventInput): ObjectWrite {
  const { regarding, now } = input;
  const time = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const nanos = (BigInt(now.getTime()) * 1_000_000n + BigInt(nextWithinMillisecond())).toString(16);
  return {
    kind: 'create',
    resource: resourceInfo('', 'events'),
    object: {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${regarding.metadata.name}.${nanos}`, namespace: regarding.metadata.namespace ?? 'default' },
      involvedObject: {
        apiVersion: regarding.apiVersion,
        kind: regarding.kind,
        name: regarding.metadata.name,
        namespace: regarding.metadata.namespace,
        uid: regarding.metadata.uid,
        resourceVersion: regarding.metadata.resourceVersion,
      },
      reason: input.reason,
      message: input.message,
      type: input.type,
      source: { component: input.component, ...(input.host ? { host: input.host } : {}) },
      firstTimestamp: time,
      lastTimestamp: time,
      count: 1,
      reportingComponent: input.component,
      reportingInstance: input.host ?? '',
    },
  };
}
