import { objectStreamId, type KubeObject } from '@kronicle/contracts';
import { nothingToDo, type Controller } from '@kronicle/controller-runtime';
import { resourceInfo } from '@kronicle/object-lifecycle';
import { perActiveNamespace } from '../namespace/per-active-namespace';

export const ROOT_CA_CONFIG_MAP = 'kube-root-ca.crt';
const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.';

const configMaps = resourceInfo('', 'configmaps');
/** How often a namespace is looked at again while the CA is not known yet. */
export const CA_WAIT_MS = 1000;

type ConfigMap = KubeObject & { data?: Record<string, string> };

/**
 * Upstream's root CA certificate publisher (pkg/controller/certificates/rootcacertpublisher): every
 * active namespace has the ConfigMap `kube-root-ca.crt` whose `ca.crt` is the CA the API's serving
 * certificate is signed by, so clients inside the cluster can verify it. Created when the namespace
 * appears, again after a delete, and put back when its data or description are changed.
 *
 * `rootCa` answers with the CA once it has been read: the API writes it at its first start, which
 * may come after this one's, and the other controllers of this process need not wait for it.
 */
export function rootCaCertPublisher(rootCa: () => string | undefined): Controller {
  return perActiveNamespace({
    name: 'root-ca-cert-publisher',
    watches: (change) => change.group === '' && change.resource === 'configmaps' && change.type !== 'ADDED' && change.object.metadata.name === ROOT_CA_CONFIG_MAP,
    reconcile(namespace, state) {
      const rootCA = rootCa();
      if (rootCA === undefined) return { writes: [], requeueAfterMs: CA_WAIT_MS };
      const data = { 'ca.crt': rootCA };
      const current = state.get(objectStreamId({ group: '', resource: 'configmaps', namespace, name: ROOT_CA_CONFIG_MAP }))?.object as ConfigMap | undefined;
      if (!current) {
        const created: ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIG_MAP, namespace, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } }, data };
        return { writes: [{ kind: 'create', resource: configMaps, object: created }] };
      }
      // Upstream asks for the description to be there, whatever it says.
      const described = Boolean(current.metadata.annotations?.[DESCRIPTION_ANNOTATION]);
      if (described && Object.keys(current.data ?? {}).length === 1 && current.data?.['ca.crt'] === rootCA) return nothingToDo;
      const restored: ConfigMap = { ...current, metadata: { ...current.metadata, annotations: { ...current.metadata.annotations, [DESCRIPTION_ANNOTATION]: DESCRIPTION } }, data };
      return { writes: [{ kind: 'update', resource: configMaps, object: restored }] };
    },
  });
}
