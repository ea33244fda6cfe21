import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { relayConfigFromEnv } from './config';
import { createLogger, nestLogger } from '@kronicle/service-kit';
import { RelayModule } from './relay.module';
import { RelayRunner } from './relay-runner';

async function main(): Promise<void> {
  const config = relayConfigFromEnv(process.env);
  const logger = createLogger('relay', config.logLevel);
  const app = await NestFactory.createApplicationContext(RelayModule.forRoot(config, logger), { logger: nestLogger(logger) });
  // On SIGTERM/SIGINT Nest runs the shutdown hooks (stop the loop, drain NATS), then re-raises the signal.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
  app
    .get(RelayRunner)
    .done.catch(async (err: unknown) => {
      // Leadership lost: another relay may already publish. Exit so the supervisor starts a fresh one.
      logger.fatal({ err }, 'relay failed');
      await app.close();
      process.exit(1);
    });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
