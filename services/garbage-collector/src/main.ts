import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger } from '@kronicle/service-kit';
import { configFromEnv } from './config';
import { DeletionModule } from './deletion.module';

/** The deletion controllers: garbage collector and namespace controller, one process as in kube-controller-manager. */
async function main(): Promise<void> {
  const config = configFromEnv(process.env);
  const logger = createLogger('garbage-collector', config.logLevel);
  const app = await NestFactory.createApplicationContext(DeletionModule.forRoot(config, logger), { logger: ['error', 'warn'] });
  // On SIGTERM/SIGINT Nest runs the shutdown hooks (stop the controllers, drain NATS), then re-raises the signal.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
