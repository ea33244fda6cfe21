import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger } from '@kronicle/service-kit';
import { createApiRuntime } from './api-runtime';
import { AppModule } from './app.module';
import { loadConfig } from './config';
import { MAX_BODY_BYTES, StatusExceptionFilter } from './http/status-exception.filter';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('api');
  const runtime = createApiRuntime(config, logger);
  const adapter = new FastifyAdapter({
    https: runtime.tls ? { key: runtime.tls.key, cert: runtime.tls.cert } : null,
    bodyLimit: MAX_BODY_BYTES,
    routerOptions: { maxParamLength: 1024 },
    // Kubernetes clients keep connections open for watches and reuse them.
    keepAliveTimeout: 65_000,
  } as ConstructorParameters<typeof FastifyAdapter>[0]);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRouter(runtime.router), adapter, { bodyParser: false, logger: ['error', 'warn'] });
  const fastify = app.getHttpAdapter().getInstance();
  // Bodies stay raw: the router decodes JSON, YAML and the patch types itself.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (_req, body, done) => done(null, body));
  app.useGlobalFilters(new StatusExceptionFilter());
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  logger.info({ port: config.port, tls: config.tls, home: config.home }, 'API listening');
  await runtime.start();

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await runtime.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  createLogger('api').fatal({ err }, 'API failed to start');
  process.exit(1);
});
