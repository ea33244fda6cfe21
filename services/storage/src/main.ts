import { bootstrapControllerService } from '@kronicle/controller-runtime';
import { storageController } from './storage-controller';

bootstrapControllerService({
  service: 'storage',
  opsPort: { env: 'KRONICLE_STORAGE_PORT', fallback: 8105 },
  async start({ run }) {
    await run(storageController);
  },
});
