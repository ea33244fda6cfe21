import { bootstrapControllerService } from '@kronicle/controller-runtime';
import { jobController } from './job/controller';

// The Job controller (kube-controller-manager's job-controller), in a process of its own.
bootstrapControllerService({
  service: 'job',
  opsPort: { env: 'KRONICLE_JOB_PORT', fallback: 8107 },
  async start({ run }) {
    // Reads of Kubernetes Events only its own, not to record one twice.
    await run({ ...jobController, logInterest: { kubeEvents: 'own' } });
  },
});
