import { bootstrapControllerService } from '@kronicle/controller-runtime';
import { deploymentController } from './deployment/controller';
import { replicaSetController } from './replicaset/controller';

// The ReplicaSet and Deployment controllers, each with its own cache and worker, as in kube-controller-manager.
bootstrapControllerService({
  service: 'deployment',
  opsPort: { env: 'KRONICLE_DEPLOYMENT_PORT', fallback: 8096 },
  async start({ run }) {
    await Promise.all([replicaSetController, deploymentController].map(run));
  },
});
