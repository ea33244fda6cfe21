import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger } from '@kronicle/service-kit';
import { storageConfigFromEnv } from './config';
import { StorageModule } from './storage.module';

async function main(): Promise<void> {
  const config = storageConfigFromEnv(process.env);
  const logger = createLogger('storage');
  const app = await NestFactory.createApplicationContext(StorageModule.forRoot(config, logger), { logger: false });
  // On SIGTERM/SIGINT Nest runs the shutdown hooks (stop the loop, drain NATS), then re-raises the signal.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
