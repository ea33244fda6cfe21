import { bootstrapControllerService } from '@kronicle/controller-runtime';
import { deploymentController } from './deployment/controller';
import { disruptionController } from './disruption/controller';
import { replicaSetController } from './replicaset/controller';

// The ReplicaSet, Deployment and disruption (PodDisruptionBudget) controllers, each with its own queue and workers on one shared cache, as in kube-controller-manager.
bootstrapControllerService({
  service: 'deployment',
  opsPort: { env: 'KRONICLE_DEPLOYMENT_PORT', fallback: 8096 },
  async start({ runSharingCache }) {
    // Neither reads other writers' Kubernetes Events, nor any non-object event.
    await runSharingCache([replicaSetController, deploymentController, disruptionController].map((controller) => ({ ...controller, logInterest: { kubeEvents: 'own' } })));
  },
});
