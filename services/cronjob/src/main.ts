import { bootstrapControllerService } from '@kronicle/controller-runtime';
import { cronJobController } from './cronjob/controller';

// The CronJob controller (kube-controller-manager's cronjob-controller), in a process of its own.
bootstrapControllerService({
  service: 'cronjob',
  opsPort: { env: 'KRONICLE_CRONJOB_PORT', fallback: 8108 },
  async start({ run }) {
    // Reads of Kubernetes Events only its own, not to record one twice.
    await run({ ...cronJobController, logInterest: { kubeEvents: 'own' } });
  },
});
