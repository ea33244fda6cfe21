import { objectStreamId } from '@kronicle/contracts';
import { nothingToDo, type Controller } from '@kronicle/controller-runtime';
import { DEFAULT_SERVICE_ACCOUNT, resourceInfo, serviceAccountsIn } from '@kronicle/object-lifecycle';
import type { ClusterState, ObjectChange } from '@kronicle/projection';

const serviceAccounts = resourceInfo('', 'serviceaccounts');

const namespaceStream = (name: string) => objectStreamId({ group: '', resource: 'namespaces', name });

/**
 * Upstream's ServiceAccounts controller (pkg/controller/serviceaccount): every active namespace has
 * a `default` ServiceAccount (upstream's `serviceAccountsToEnsure`: the account pods run as unless
 * they name one), created when the namespace appears and again whenever it is deleted.
 * A terminating namespace gets none, so the namespace controller can empty it. Keyed by namespace.
 */
export const serviceAccountsController: Controller = {
  name: 'serviceaccount-controller',

  keysFor(change: ObjectChange): string[] {
    if (change.group !== '') return [];
    if (change.resource === 'namespaces') return change.type === 'DELETED' ? [] : [change.object.metadata.name ?? ''];
    if (change.resource === 'serviceaccounts' && change.type === 'DELETED' && change.object.metadata.name === DEFAULT_SERVICE_ACCOUNT) return [change.object.metadata.namespace ?? ''];
    return [];
  },

  initialKeys(state: ClusterState): string[] {
    return state.list({ group: '', resource: 'namespaces' }).map((s) => s.object.metadata.name ?? '');
  },

  reconcile(namespace: string, state: ClusterState) {
    const ns = state.get(namespaceStream(namespace))?.object as { status?: { phase?: string } } | undefined;
    if (ns?.status?.phase !== 'Active') return nothingToDo;
    if (serviceAccountsIn(state)(namespace, DEFAULT_SERVICE_ACCOUNT)) return nothingToDo;
    return { writes: [{ kind: 'create', resource: serviceAccounts, object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DEFAULT_SERVICE_ACCOUNT, namespace } } }] };
  },
};
