import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger } from '@kronicle/service-kit';
import { nodeLifecycleConfigFromEnv } from './config';
import { NodeLifecycleModule } from './node-lifecycle.module';

async function main(): Promise<void> {
  const config = nodeLifecycleConfigFromEnv(process.env);
  const logger = createLogger('node-lifecycle');
  const app = await NestFactory.createApplicationContext(NodeLifecycleModule.forRoot(config, logger), { logger: ['error', 'warn'] });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
