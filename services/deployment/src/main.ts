import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger } from '@kronicle/service-kit';
import { configFromEnv } from './config';
import { DeploymentModule } from './deployment.module';

async function main(): Promise<void> {
  const config = configFromEnv(process.env);
  const logger = createLogger('deployment', config.logLevel);
  const app = await NestFactory.createApplicationContext(DeploymentModule.forRoot(config, logger), { logger: ['error', 'warn'] });
  // On SIGTERM/SIGINT Nest runs the shutdown hooks (stop the controllers, drain NATS), then exits.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
