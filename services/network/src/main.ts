import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger } from '@kronicle/service-kit';
import { networkConfigFromEnv } from './config';
import { NetworkModule } from './network.module';

async function main(): Promise<void> {
  const config = networkConfigFromEnv(process.env);
  const logger = createLogger('network');
  const app = await NestFactory.createApplicationContext(NetworkModule.forRoot(config, logger), { logger: false });
  // On SIGTERM/SIGINT Nest runs the shutdown hooks (close DNS, stop the loop, drain NATS), then re-raises the signal.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
