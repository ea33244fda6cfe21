import { bootstrapControllerService } from '@kronicle/controller-runtime';
import { daemonSetController } from './daemonset/controller';

// The DaemonSet controller (kube-controller-manager's daemonset-controller), in a process of its own.
bootstrapControllerService({
  service: 'daemonset',
  opsPort: { env: 'KRONICLE_DAEMONSET_PORT', fallback: 8109 },
  async start({ run }) {
    // Reads of Kubernetes Events only its own, not to record one twice.
    await run({ ...daemonSetController, logInterest: { kubeEvents: 'own' } });
  },
});
