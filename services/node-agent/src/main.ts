import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger } from '@kronicle/service-kit';
import { nodeAgentConfigFromEnv } from './config';
import { NodeAgentModule } from './node-agent.module';

async function main(): Promise<void> {
  const config = nodeAgentConfigFromEnv(process.env);
  const logger = createLogger('node-agent');
  const app = await NestFactory.createApplicationContext(NodeAgentModule.forRoot(config, logger), { logger: ['error', 'warn'] });
  // On SIGTERM/SIGINT Nest runs the shutdown hooks (stop heartbeats and the loop, drain NATS), then re-raises the signal.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
