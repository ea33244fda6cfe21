import { objectStreamId, type KubeObject } from '@kronicle/contracts';
import { nothingToDo, type Controller, type ObjectWrite } from '@kronicle/controller-runtime';
import { resourceTypes } from '@kronicle/kube-resources';
import { decideDelete, resourceInfo } from '@kronicle/object-lifecycle';
import { changeNamespace, type ClusterState, type ObjectChange, type StoredObject } from '@kronicle/projection';
import { deleteObject } from '../object-writes';
import { contentConditions, updateConditions, type NamespaceCondition } from './namespace-conditions';

const BY_NAMESPACE = 'namespace/objects-by-namespace';
const FINALIZER = 'kubernetes';
const namespaces = resourceInfo('', 'namespaces');

/** Namespaced resources the API lets one delete: what a terminating namespace is emptied of. */
const deletable = new Set(resourceTypes.filter((r) => r.namespaced && r.verbs.includes('delete')).map((r) => `${r.group}/${r.resource}`));

type Namespace = KubeObject & { spec?: { finalizers?: string[] }; status?: { phase?: string; conditions?: NamespaceCondition[] } };

/**
 * The namespace controller (upstream's pkg/controller/namespace): a namespace being deleted keeps
 * the `kubernetes` spec finalizer until everything in it is gone. Each pass deletes what is left
 * (in the background, so the garbage collector takes dependents), records what remains in the
 * namespace's conditions, and once nothing remains removes the finalizer, which deletes the namespace.
 */
export const namespaceController: Controller = {
  name: 'namespace-controller',
  indexes: { [BY_NAMESPACE]: (s) => (s.object.metadata.namespace ? [s.object.metadata.namespace] : []) },
  // The pods of a namespace being deleted, to delete them.
  podsRead: {
    withFields: [],
    widenedBy: (change) => (change.group === '' && change.resource === 'namespaces' && change.type !== 'DELETED' && change.object.metadata.deletionTimestamp ? { namespaces: [change.object.metadata.name ?? ''] } : undefined),
  },

  keysFor(change: ObjectChange, state: ClusterState): string[] {
    if (change.group === '' && change.resource === 'namespaces') return change.type !== 'DELETED' && change.object.metadata.deletionTimestamp ? [change.streamId] : [];
    const namespace = changeNamespace(change);
    if (!namespace) return [];
    const key = objectStreamId({ group: '', resource: 'namespaces', name: namespace });
    return state.get(key)?.object.metadata.deletionTimestamp ? [key] : [];
  },

  initialKeys(state: ClusterState): string[] {
    return state
      .list({ group: '', resource: 'namespaces' })
      .filter((s) => s.object.metadata.deletionTimestamp)
      .map((s) => objectStreamId({ group: '', resource: 'namespaces', name: s.object.metadata.name ?? '' }));
  },

  reconcile(key: string, state: ClusterState, now: Date) {
    const stored = state.get(key);
    const ns = stored?.object as Namespace | undefined;
    if (!ns?.metadata.deletionTimestamp || !ns.spec?.finalizers?.includes(FINALIZER)) return nothingToDo;

    const content = state.byIndex(BY_NAMESPACE, ns.metadata.name ?? '').filter((s) => deletable.has(`${s.group}/${s.resource}`));
    const deletes = content.filter((s) => !s.object.metadata.deletionTimestamp).map((s) => deleteObject(s, 'Background'));
    const remaining = content.filter((s) => remainsAfterDelete(s, now));
    const conditions = updateConditions(ns.status?.conditions ?? [], contentConditions(remaining), now);
    const status: ObjectWrite[] = conditions === ns.status?.conditions ? [] : [{ kind: 'update', resource: namespaces, subresource: 'status', object: { ...ns, status: { ...ns.status, conditions } } }];
    if (content.length > 0 || status.length > 0) return { writes: [...deletes, ...status] };

    // Empty, and the conditions say so: upstream's finalize, the one write that may change spec.finalizers.
    const finalizers = ns.spec.finalizers.filter((f) => f !== FINALIZER);
    return { writes: [{ kind: 'update', resource: namespaces, subresource: 'finalize', object: { ...ns, spec: { ...ns.spec, finalizers } } }] };
  },
};

/** What a background delete leaves behind: objects held by finalizers, pods their kubelet must stop. */
function remainsAfterDelete(stored: StoredObject, now: Date): boolean {
  return decideDelete(resourceInfo(stored.group, stored.resource), stored, { propagationPolicy: 'Background' }, now).kind !== 'delete';
}
