import { bootstrapControllerService, PodsBound } from '@kronicle/controller-runtime';
import { schedulerOptionsFromEnv } from './config';
import { schedulerController } from './scheduler-controller';

bootstrapControllerService({
  service: 'scheduler',
  opsPort: { env: 'KRONICLE_SCHEDULER_PORT', fallback: 8093 },
  async start({ run }) {
    // Fenced binds expect the scheduler's bind fence: every instance's PodsBound is read.
    await run({ ...schedulerController(schedulerOptionsFromEnv(process.env)), logInterest: { kubeEvents: 'own', eventTypes: [PodsBound] } });
  },
});
