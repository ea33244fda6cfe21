import { bootstrapControllerService } from '@kronicle/controller-runtime';
import { statefulSetController } from './statefulset/controller';

// The StatefulSet controller (kube-controller-manager's statefulset-controller), in a process of its own.
bootstrapControllerService({
  service: 'statefulset',
  opsPort: { env: 'KRONICLE_STATEFULSET_PORT', fallback: 8110 },
  async start({ run }) {
    // Reads of Kubernetes Events only its own, not to record one twice.
    await run({ ...statefulSetController, logInterest: { kubeEvents: 'own' } });
  },
});
