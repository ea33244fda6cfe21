import { objectStreamId, type KubeObject } from '@kronicle/contracts';
import type { ClusterState } from '@kronicle/projection';
import { errors } from './api-error';

/** Upstream's DefaultServiceAccountName: the account a pod that names none runs as. */
export const DEFAULT_SERVICE_ACCOUNT = 'default';

interface ServiceAccountSpec {
  serviceAccountName?: string;
  /** Deprecated alias of serviceAccountName, still read and written by v1. */
  serviceAccount?: string;
}

/**
 * Upstream's ServiceAccount admission plugin on a pod's create, without the token it mounts: the pod
 * runs as the account it names (`serviceAccountName`, else the deprecated `serviceAccount`), or
 * `default`; both fields then name it, as upstream's v1 conversion writes the deprecated one. A named
 * account that does not exist is refused (403). `default` is taken even before its controller has
 * made it: upstream waits a second or two for it, then refuses; here it follows the namespace within
 * moments, so a pod is never refused for it.
 */
export function withServiceAccount(pod: KubeObject, exists: (namespace: string, name: string) => boolean): KubeObject {
  const spec = (pod.spec ?? {}) as ServiceAccountSpec;
  const name = accountOf(spec) || DEFAULT_SERVICE_ACCOUNT;
  const namespace = pod.metadata.namespace ?? '';
  if (name !== DEFAULT_SERVICE_ACCOUNT && !exists(namespace, name)) {
    throw errors.forbidden('', 'pods', pod.metadata.name ?? '', `error looking up service account ${namespace}/${name}: serviceaccount "${name}" not found`);
  }
  return { ...pod, spec: { ...spec, serviceAccountName: name, serviceAccount: name } };
}

/**
 * On an update, v1's two names of the account as upstream's conversion reads them: a body that
 * gives only one of them means the same pod as one that gives both (and so changes nothing).
 */
export function withServiceAccountAlias(pod: KubeObject): KubeObject {
  const spec = (pod.spec ?? {}) as ServiceAccountSpec;
  const name = accountOf(spec);
  if (!name || (spec.serviceAccountName === name && spec.serviceAccount === name)) return pod;
  return { ...pod, spec: { ...spec, serviceAccountName: name, serviceAccount: name } };
}

/** The deprecated field counts only where serviceAccountName is empty. */
const accountOf = (spec: ServiceAccountSpec) => spec.serviceAccountName || spec.serviceAccount;

/** Whether a state holds a ServiceAccount (`PodAdmissionSources.serviceAccounts`). */
export function serviceAccountsIn(state: ClusterState): (namespace: string, name: string) => boolean {
  return (namespace, name) => state.get(objectStreamId({ group: '', resource: 'serviceaccounts', namespace, name })) !== undefined;
}
