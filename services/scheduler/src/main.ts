import { bootstrapControllerService } from '@kronicle/controller-runtime';
import { schedulerOptionsFromEnv } from './config';
import { schedulerController } from './scheduler-controller';

bootstrapControllerService({
  service: 'scheduler',
  opsPort: { env: 'KRONICLE_SCHEDULER_PORT', fallback: 8093 },
  async start({ run }) {
    await run(schedulerController(schedulerOptionsFromEnv(process.env)));
  },
});
