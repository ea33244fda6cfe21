import type { KubeObject } from '@kronicle/contracts';
import type { DeleteOptions, ResourceInfo } from '@kronicle/object-lifecycle';

/**
 * A change a controller decides to make. Writes of one reconcile are appended in one transaction,
 * each with the stream version the controller saw, so a controller acting on stale state loses
 * the race cleanly (nothing is written) and reconciles again on fresh state.
 */
export type ObjectWrite =
  /** A new object; name or generateName in its metadata, namespace from metadata. */
  | { kind: 'create'; resource: ResourceInfo; object: KubeObject }
  /** The whole object after the change (main resource, or `status`), read from the cache and modified. */
  | { kind: 'update'; resource: ResourceInfo; object: KubeObject; subresource?: 'status' | 'finalize' }
  | { kind: 'delete'; resource: ResourceInfo; namespace?: string; name: string; options?: DeleteOptions }
  /**
   * Writes nothing to the object, but the append expects its stream at the version the cache saw:
   * the other writes are decided on it as it still is, or not appended at all (e.g. a ReplicaSet's
   * pod creates on its current `replicas`, without writing the ReplicaSet).
   */
  | { kind: 'expect'; resource: ResourceInfo; namespace?: string; name: string }
  /**
   * `pods/binding`: assigns a pod to a node (decided by `decideBinding`). With `fence` (a scheduler's
   * name), the append also expects that scheduler's bind fence (see `bindFenceStreamId`) unchanged
   * since the cache saw it, so two instances placing pods on stale views cannot both win.
   */
  | { kind: 'bind'; namespace: string; name: string; nodeName: string; annotations?: Record<string, string>; fence?: string };

/** What one reconcile decided. */
export interface ReconcileResult {
  writes: ObjectWrite[];
  /** Reconcile this key again after this long even if nothing changes (waiting on time: deadlines, backoff). */
  requeueAfterMs?: number;
}

export const nothingToDo: ReconcileResult = { writes: [] };
