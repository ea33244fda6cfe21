import { objectStreamId } from '@kronicle/contracts';
import { nothingToDo, readsNoPods, type Controller, type ReconcileResult } from '@kronicle/controller-runtime';
import type { ClusterState, ObjectChange } from '@kronicle/projection';

/**
 * A controller that keeps something in every namespace in phase `Active` (the `default`
 * ServiceAccount, the `kube-root-ca.crt` ConfigMap), keyed by namespace: each is looked at as it
 * appears or changes, at the start, and when a change of its own object (`watches`) may undo it.
 * A terminating namespace is left alone, so the namespace controller can empty it.
 */
export function perActiveNamespace(spec: { name: string; watches(change: ObjectChange): boolean; reconcile(namespace: string, state: ClusterState): ReconcileResult }): Controller {
  return {
    name: spec.name,
    // What it keeps in a namespace is never a pod, nor read from one.
    podsRead: readsNoPods,

    keysFor(change: ObjectChange): string[] {
      if (change.group === '' && change.resource === 'namespaces') return change.type === 'DELETED' ? [] : [change.object.metadata.name ?? ''];
      return spec.watches(change) ? [change.object.metadata.namespace ?? ''] : [];
    },

    initialKeys(state: ClusterState): string[] {
      return state.list({ group: '', resource: 'namespaces' }).map((s) => s.object.metadata.name ?? '');
    },

    reconcile(namespace: string, state: ClusterState) {
      const ns = state.get(objectStreamId({ group: '', resource: 'namespaces', name: namespace }))?.object as { status?: { phase?: string } } | undefined;
      return ns?.status?.phase === 'Active' ? spec.reconcile(namespace, state) : nothingToDo;
    },
  };
}
