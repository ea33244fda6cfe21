import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger } from '@kronicle/service-kit';
import { schedulerConfigFromEnv } from './config';
import { SchedulerModule } from './scheduler.module';

async function main(): Promise<void> {
  const config = schedulerConfigFromEnv(process.env);
  const logger = createLogger('scheduler');
  const app = await NestFactory.createApplicationContext(SchedulerModule.forRoot(config, logger), { logger: ['error', 'warn'] });
  // On SIGTERM/SIGINT Nest runs the shutdown hooks (stop the loop, drain NATS), then re-raises the signal.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
