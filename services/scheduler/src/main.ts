import { bootstrapControllerService, PodsBoundToNode } from '@kronicle/controller-runtime';
import { schedulerOptionsFromEnv } from './config';
import { schedulerController } from './scheduler-controller';

bootstrapControllerService({
  service: 'scheduler',
  opsPort: { env: 'KRONICLE_SCHEDULER_PORT', fallback: 8093 },
  async start({ run }) {
    // Fenced binds expect the bind fence of each node: every scheduler's PodsBoundToNode is read.
    await run({ ...schedulerController(schedulerOptionsFromEnv(process.env)), logInterest: { kubeEvents: 'own', eventTypes: [PodsBoundToNode] } });
  },
});
