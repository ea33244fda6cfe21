import { bootstrapControllerService } from '@kronicle/controller-runtime';
import { storageController } from './storage-controller';

bootstrapControllerService({
  service: 'storage',
  opsPort: { env: 'KRONICLE_STORAGE_PORT', fallback: 8105 },
  async start({ run }) {
    // Reads of Kubernetes Events only its own, not to record one twice.
    await run({ ...storageController, logInterest: { kubeEvents: 'own' } });
  },
});
