import { nothingToDo } from '@kronicle/controller-runtime';
import { DEFAULT_SERVICE_ACCOUNT, resourceInfo, serviceAccountsIn } from '@kronicle/object-lifecycle';
import { perActiveNamespace } from '../namespace/per-active-namespace';

const serviceAccounts = resourceInfo('', 'serviceaccounts');

/**
 * Upstream's ServiceAccounts controller (pkg/controller/serviceaccount): every active namespace has
 * a `default` ServiceAccount (upstream's `serviceAccountsToEnsure`: the account pods run as unless
 * they name one), created when the namespace appears and again whenever it is deleted.
 */
export const serviceAccountsController = perActiveNamespace({
  name: 'serviceaccount-controller',
  watches: (change) => change.group === '' && change.resource === 'serviceaccounts' && change.type === 'DELETED' && change.object.metadata.name === DEFAULT_SERVICE_ACCOUNT,
  reconcile(namespace, state) {
    if (serviceAccountsIn(state)(namespace, DEFAULT_SERVICE_ACCOUNT)) return nothingToDo;
    return { writes: [{ kind: 'create', resource: serviceAccounts, object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DEFAULT_SERVICE_ACCOUNT, namespace } } }] };
  },
});
