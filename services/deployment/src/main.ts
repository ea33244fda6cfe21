import { bootstrapControllerService } from '@kronicle/controller-runtime';
import { deploymentController } from './deployment/controller';
import { replicaSetController } from './replicaset/controller';

// The ReplicaSet and Deployment controllers, each with its own queue and workers on one shared cache, as in kube-controller-manager.
bootstrapControllerService({
  service: 'deployment',
  opsPort: { env: 'KRONICLE_DEPLOYMENT_PORT', fallback: 8096 },
  async start({ runSharingCache }) {
    await runSharingCache([replicaSetController, deploymentController]);
  },
});
