import { bootstrapControllerService } from '@kronicle/controller-runtime';
import { jobController } from './job/controller';
import { ttlAfterFinishedController } from './ttl-after-finished/controller';

// The Job and TTL-after-finished controllers of kube-controller-manager, on one shared cache.
bootstrapControllerService({
  service: 'job',
  opsPort: { env: 'KRONICLE_JOB_PORT', fallback: 8107 },
  async start({ runSharingCache }) {
    // Neither reads other writers' Kubernetes Events.
    await runSharingCache([jobController, ttlAfterFinishedController].map((controller) => ({ ...controller, logInterest: { kubeEvents: 'own' } })));
  },
});
