import { bootstrapControllerService } from '@kronicle/controller-runtime';
import { intFromEnv } from '@kronicle/service-kit';
import { DEFAULT_EVENT_TTL_SECONDS, eventTtlController } from './event-ttl/event-ttl-controller';
import { garbageCollector } from './garbage-collector/garbage-collector';
import { namespaceController } from './namespace/namespace-controller';
import { readRootCa, rootCaFile } from './root-ca-cert-publisher/root-ca-file';
import { rootCaCertPublisher } from './root-ca-cert-publisher/root-ca-cert-publisher';
import { serviceAccountsController } from './service-accounts/service-accounts-controller';

// The deletion controllers: garbage collector, namespace controller and the expiry of Kubernetes
// Events (kube-apiserver's --event-ttl; KRONICLE_EVENT_TTL_SECONDS); and, beside the namespace
// controller, those that give each namespace its `default` ServiceAccount and its `kube-root-ca.crt`
// ConfigMap. One process and one cache: one more process following the log would cost every pod's
// events once more.
bootstrapControllerService({
  service: 'garbage-collector',
  opsPort: { env: 'KRONICLE_GC_PORT', fallback: 8094 },
  async start({ runSharingCache, logger }) {
    // They act on every object, Kubernetes Events of any writer included (a terminating namespace is emptied of them).
    const eventTtl = eventTtlController(intFromEnv(process.env, 'KRONICLE_EVENT_TTL_SECONDS', DEFAULT_EVENT_TTL_SECONDS));
    const caFile = rootCaFile(process.env);
    if (!caFile) logger.info('the API serves plain HTTP: no kube-root-ca.crt to publish');
    let rootCa: string | undefined;
    if (caFile) {
      readRootCa(caFile, logger).then(
        (pem) => (rootCa = pem),
        (err: unknown) => logger.error({ err, path: caFile }, 'cannot read the cluster CA: no kube-root-ca.crt is published'),
      );
    }
    const publisher = caFile ? [rootCaCertPublisher(() => rootCa)] : [];
    await runSharingCache([garbageCollector, namespaceController, serviceAccountsController, ...publisher, eventTtl].map((controller) => ({ ...controller, logInterest: { kubeEvents: 'all' } })));
  },
});
