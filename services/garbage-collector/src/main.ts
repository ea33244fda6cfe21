import { bootstrapControllerService } from '@kronicle/controller-runtime';
import { garbageCollector } from './garbage-collector/garbage-collector';
import { namespaceController } from './namespace/namespace-controller';

// The deletion controllers: garbage collector and namespace controller, one process and one cache as in kube-controller-manager.
bootstrapControllerService({
  service: 'garbage-collector',
  opsPort: { env: 'KRONICLE_GC_PORT', fallback: 8094 },
  async start({ runSharingCache }) {
    // Both act on every object, Kubernetes Events of any writer included (a terminating namespace is emptied of them).
    await runSharingCache([garbageCollector, namespaceController].map((controller) => ({ ...controller, logInterest: { kubeEvents: 'all' } })));
  },
});
